-- Carriers became a list (src/modules/orders/carriers.ts): a parcel stores a carrier code, and the name typed for
-- "other". Parcels shipped before the list carried free text: the texts that name a listed carrier (its code, its
-- names, common short names, case-insensitive) become its code; any other text becomes "other" with that text as
-- its name, so every old parcel still reads as it was typed.
CREATE TEMPORARY TABLE carrier_aliases (alias text PRIMARY KEY, code text NOT NULL);
--> statement-breakpoint
INSERT INTO carrier_aliases (alias, code) VALUES
  ('sf', 'sf'), ('sf express', 'sf'), ('顺丰速运', 'sf'), ('顺丰', 'sf'), ('sf express 顺丰', 'sf'), ('sf express 顺丰速运', 'sf'),
  ('zto', 'zto'), ('zto express', 'zto'), ('中通快递', 'zto'), ('中通', 'zto'), ('zto express 中通', 'zto'), ('zto express 中通快递', 'zto'),
  ('yto', 'yto'), ('yto express', 'yto'), ('圆通速递', 'yto'), ('圆通', 'yto'),
  ('sto', 'sto'), ('sto express', 'sto'), ('申通快递', 'sto'), ('申通', 'sto'),
  ('yunda', 'yunda'), ('yunda express', 'yunda'), ('韵达快递', 'yunda'), ('韵达', 'yunda'),
  ('jd', 'jd'), ('jd logistics', 'jd'), ('京东物流', 'jd'), ('京东', 'jd'),
  ('ems', 'ems'), ('ems 邮政特快专递', 'ems'),
  ('china_post', 'china_post'), ('china post', 'china_post'), ('中国邮政', 'china_post'), ('bưu chính trung quốc', 'china_post'),
  ('jt', 'jt'), ('j&t', 'jt'), ('j&t express', 'jt'), ('极兔速递', 'jt'), ('极兔', 'jt'),
  ('viettel_post', 'viettel_post'), ('viettel post', 'viettel_post'), ('viettelpost', 'viettel_post'),
  ('ghn', 'ghn'), ('giao hàng nhanh', 'ghn'), ('ghn (giao hàng nhanh)', 'ghn'), ('giao hàng nhanh (ghn)', 'ghn'),
  ('ghtk', 'ghtk'), ('giao hàng tiết kiệm', 'ghtk'), ('ghtk (giao hàng tiết kiệm)', 'ghtk'), ('giao hàng tiết kiệm (ghtk)', 'ghtk'),
  ('vnpost', 'vnpost'), ('vietnam post', 'vnpost'), ('vietnam post (vnpost)', 'vnpost'), ('越南邮政 (vnpost)', 'vnpost'), ('bưu điện việt nam (vnpost)', 'vnpost');
--> statement-breakpoint
UPDATE shipments s SET carrier_name = CASE WHEN a.code IS NULL THEN s.carrier END, carrier = coalesce(a.code, 'other')
  FROM shipments s2 LEFT JOIN carrier_aliases a ON a.alias = lower(trim(s2.carrier))
  WHERE s2.id = s.id AND s.carrier IS DISTINCT FROM a.code AND s.carrier <> 'other';
--> statement-breakpoint
UPDATE after_sales r SET return_parcel = r.return_parcel || jsonb_build_object('carrier', coalesce(a.code, 'other'), 'carrierName', CASE WHEN a.code IS NULL THEN r.return_parcel->>'carrier' END)
  FROM after_sales r2 LEFT JOIN carrier_aliases a ON a.alias = lower(trim(r2.return_parcel->>'carrier'))
  WHERE r2.id = r.id AND r.return_parcel IS NOT NULL AND NOT (r.return_parcel ? 'carrierName');
--> statement-breakpoint
UPDATE after_sales r SET reship_parcel = r.reship_parcel || jsonb_build_object('carrier', coalesce(a.code, 'other'), 'carrierName', CASE WHEN a.code IS NULL THEN r.reship_parcel->>'carrier' END)
  FROM after_sales r2 LEFT JOIN carrier_aliases a ON a.alias = lower(trim(r2.reship_parcel->>'carrier'))
  WHERE r2.id = r.id AND r.reship_parcel IS NOT NULL AND NOT (r.reship_parcel ? 'carrierName');
--> statement-breakpoint
DROP TABLE carrier_aliases;
