/**
 * Versioned payload schemas of the sync protocol (see docs/sync.md). The `schema` field names the payload and its
 * major version; receivers validate with these before acting, and reject (dead-letter) anything else.
 * One file per domain lives in ./schemas; this module re-exports them all.
 */
export * from './schemas/common.js';
export * from './schemas/contact.js';
export * from './schemas/event.js';
export * from './schemas/activity.js';
export * from './schemas/task.js';
export * from './schemas/ack.js';
export * from './schemas/telemetry.js';
export * from './schemas/config.js';
export * from './schemas/command.js';
