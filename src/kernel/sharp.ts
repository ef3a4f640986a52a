// sharp (libvips), loaded on first use: a start that handles no picture (a second start, a server on PostgreSQL
// before its first upload) does not pay for loading it (~40–80 ms of CPU at each start).
import type Sharp from 'sharp';

let loaded: Promise<typeof Sharp> | undefined;

/** sharp, with its operation cache off: Trio reads each picture once (an upload, a demo picture), and libvips' cache
 *  (up to 50 MB by default) would only keep memory, e.g. ~40 MB more at a first start's demo pictures. */
export function loadSharp(): Promise<typeof Sharp> {
  loaded ??= import('sharp').then(({ default: sharp }) => {
    sharp.cache(false);
    return sharp;
  });
  return loaded;
}
