// Who may show a mini-site's cards (the stores it is linked with now, the origins it allows), kept per process so a
// card read asks the database nothing. Every change to either (a link moved, allowed origins changed) bumps a version
// row and NOTIFYs in its own transaction (`linksChanged`), which empties every process's cache (kernel/versioned-cache).
import { sql } from 'drizzle-orm';
import { queryRows, type Db } from '../../db/client.ts';
import { bump, VersionedCache, versionRow } from '../../kernel/versioned-cache.ts';

export const linksVersioned = versionRow('trio_minisite_links', 'mini_site_links_version');

/** A link moved or a mini-site's allowed origins changed, in `tx`: no process may keep showing cards by what it knew. */
export async function linksChanged(tx: Db) {
  await bump(tx, linksVersioned);
}

/** What a card read checks of its mini-site: the origins it allows and the stores it is linked with now. */
export type MiniSiteReach = { origins: ReadonlySet<string>; stores: ReadonlySet<string> };

export class LinkCache extends VersionedCache {
  constructor(private readonly linkDb: Db, opts: { databaseUrl?: string; maxEntries?: number; onError?: (err: unknown) => void }) {
    super(linkDb, linksVersioned, { maxEntries: 10_000, ...opts });
  }

  /** The mini-site's reach now (empty for an unknown mini-site); one indexed statement when not cached. */
  reach(miniSiteId: string): Promise<MiniSiteReach> {
    return this.get(`reach|${miniSiteId}`, async () => {
      const [row] = await queryRows<{ origins: string[]; stores: string[] | null }>(this.linkDb, sql`
        select m.allowed_origins as origins,
          array(select l.store_id::text from mini_site_links l where l.mini_site_id = m.id and l.state = 'linked') as stores
        from mini_sites m where m.id = ${miniSiteId}`);
      return { origins: new Set(row?.origins ?? []), stores: new Set(row?.stores ?? []) };
    });
  }
}
