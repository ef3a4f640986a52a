// The suite's time budgets, in one place. Tests wait for conditions, never for wall time: these are only the
// ceilings after which a wait is called a failure, generous enough for a machine busy with other work (load 10 on
// two cores) — a healthy run stays far below them.

/** One test. */
export const TEST_TIMEOUT_MS = 120_000;
/** A file's beforeAll/afterAll (databases cloned, apps built, processes started). */
export const HOOK_TIMEOUT_MS = 180_000;
/** Waiting for a condition (expect.poll, waitFor): what another process or a sweep should have done by now. */
export const WAIT_MS = 60_000;
/** expect.poll options for that wait. */
export const WAIT = { timeout: WAIT_MS, interval: 20 };
/** A Trio process started by a test, from spawn until /ready answers. */
export const PROCESS_START_MS = 180_000;
/** A test that races hundreds of requests or walks every operation of the API. */
export const SLOW_TEST_MS = 300_000;
/** A browser journey: how long a page waits for an element to appear or a navigation to finish. */
export const PAGE_WAIT_MS = 30_000;
