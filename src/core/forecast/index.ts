/**
 * Seasonal forecast of outbound bandwidth: period detection (daily / weekly), a per-slot peak profile, and the
 * predicted peak over a window. Pure: everything takes `nowMs`.
 */
export { buildForecast } from './profile.js';
export { DAY_SEC, WEEK_SEC } from './types.js';
