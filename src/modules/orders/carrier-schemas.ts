// The carriers over HTTP: the list (GET /api/carriers), what a parcel is sent with, and how a parcel reads.
import { z } from 'zod';
import { named } from '../../kernel/http.ts';
import { CARRIER_CODES } from './carriers.ts';

export const carrierCode = named(z.enum(CARRIER_CODES).describe('A carrier of GET /api/carriers; "other" with carrierName for one not listed'), 'CarrierCode');
const names = z.object({ en: z.string(), zh: z.string(), vi: z.string() });
export const carrierListView = named(z.object({
  carriers: z.array(z.object({
    code: carrierCode, names,
    pattern: z.string().nullable().describe('The tracking number (upper case) matches this regular expression; null: 6 to 40 letters and digits, dots or dashes between them'),
    format: z.string().describe('The tracking number format in words (English)'),
    hasTracking: z.boolean().describe('Parcels of this carrier get a tracking link'),
  })),
}), 'CarrierList');

/** A parcel as sent: checked against the carrier's format by the service (422 tracking_number_invalid). */
export const parcelBody = z.object({
  carrier: carrierCode,
  carrierName: z.string().trim().max(60).optional().describe('The carrier\'s name when carrier is "other"'),
  trackingNo: z.string().trim().min(1).max(60),
});

/** How a parcel reads: carrier code (free-text carriers of old parcels read as "other" with that name), tracking link. */
export const parcelFacts = {
  carrier: carrierCode, carrierName: z.string().nullable().describe('The typed name of an "other" carrier'), trackingNo: z.string(),
  trackingUrl: z.string().nullable().describe("The carrier's tracking page for this parcel, when it has one"),
};
