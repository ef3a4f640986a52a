// What other modules may use of after-sales.
export { storeAfterSaleFiguresSql } from './dashboard.ts';
