// The demo brand's mini-site: "Jade Mountain Tea House", owned by the tea merchant (tea@trio.demo) and linked to its
// open store, with http://localhost:<TRIO_DEMO_HOST_PORT> (the demo host page) and Trio itself as allowed origins.
// Its app id and secret are fixed and public (demo only), so the demo host page can sign requests. Runs on every
// start inside the demo seed's lock and adds only what is missing (a database seeded before mini-sites gets it once).
import { sql } from 'drizzle-orm';
import { pgArray, queryRows } from '../db/client.ts';
import type { Ctx } from '../kernel/context.ts';
import { secretKey } from '../modules/minisite/signature.ts';
import { inviteMiniSite, moveLink } from '../modules/minisite/links.ts';

/** Demo only: a mini-site's real secret is random and shown once. */
export const DEMO_MINI_SITE = { appId: 'ms_de000000000000a1', secret: 'trio-demo-mini-site-secret-2026', slug: 'jade-mountain', name: 'Jade Mountain Tea House 翠山茶舍' } as const;

export async function seedDemoMiniSite(ctx: Ctx): Promise<number> {
  const [have] = await queryRows<{ id: string }>(ctx.db, sql`select id from mini_sites where app_id = ${DEMO_MINI_SITE.appId}`);
  if (have) return 0;
  const [owner] = await queryRows<{ userId: string; displayName: string; storeId: string }>(ctx.db, sql`
    select u.id as "userId", u.display_name as "displayName", s.id as "storeId" from users u
    join store_members m on m.user_id = u.id and m.role = 'owner' join stores s on s.id = m.store_id and s.status = 'open'
    where u.email = 'tea@trio.demo' order by s.created_at limit 1`);
  if (!owner) return 0;
  const now = ctx.clock.now();
  const origins = [`http://localhost:${ctx.config.demoHostPort}`, `http://127.0.0.1:${ctx.config.demoHostPort}`, new URL(ctx.config.publicUrl).origin];
  const [{ id }] = await queryRows<{ id: string }>(ctx.db, sql`
    insert into mini_sites (app_id, secret_hash, secret_rotated_at, slug, name, allowed_origins, callback_url, default_locale, created_by, created_at, updated_at)
    values (${DEMO_MINI_SITE.appId}, ${secretKey(DEMO_MINI_SITE.secret)}, ${now}, ${DEMO_MINI_SITE.slug}, ${DEMO_MINI_SITE.name},
      ${pgArray([...new Set(origins)])}::text[], ${`http://localhost:${ctx.config.demoHostPort}/trio/notices`}, 'zh', ${owner.userId}, ${now}, ${now})
    returning id`);
  await ctx.db.execute(sql`insert into mini_site_owners (mini_site_id, user_id, added_at) values (${id}, ${owner.userId}, ${now})`);
  // Invited by the store and accepted by the brand, as a person would: both moves are in the audit log.
  const actor = { kind: 'user' as const, userId: owner.userId, role: 'merchant' as const, displayName: owner.displayName, sessionId: 'seed' };
  const link = await inviteMiniSite(ctx, actor, owner.storeId, DEMO_MINI_SITE.appId);
  await moveLink(ctx, actor, { miniSiteId: id }, link.id, 'accept');
  return 1;
}
