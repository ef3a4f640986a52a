// The advisory locks Trio's processes take on one database, by name: each number means one thing, so two uses never
// share a lock by accident (the demo orders and the planner-statistics upkeep once did, and the upkeep skipped its
// round for as long as the demo orders ran).
export const ADVISORY_LOCKS = {
  /** Migrations: one process at a time (session lock). */
  migrate: 7243001,
  /** Demo data (accounts, stores, products, gifts, the demo host page): one process loads, the others wait and find it. */
  demo: 7243002,
  /** The planner-statistics and vacuum upkeep (db/statistics.ts): one process at a time, the others skip the round. */
  analyze: 7243003,
  /** The demo orders: one process makes them, the others leave them to it. */
  demoOrders: 7243004,
} as const;
