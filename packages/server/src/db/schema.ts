/** Every table, gathered for Drizzle and drizzle-kit. Modules add their schema.ts here. */
export * from '../platform/org/schema.ts';
export * from '../platform/auth/schema.ts';
export * from '../platform/devices/schema.ts';
export * from '../platform/audit/schema.ts';
export * from '../platform/settings-schema.ts';
export * from '../platform/notify/schema.ts';
export * from '../platform/spreadsheet/schema.ts';
export * from '../modules/registry/schema.ts';
export * from '../modules/access/schema.ts';
export * from '../modules/alerts/schema.ts';
export * from '../modules/kiosk/schema.ts';
export * from '../modules/kiosk/schema-identity.ts';
export * from '../modules/appointments/schema.ts';
export * from '../modules/bulletins/schema.ts';
export * from '../modules/incidents/schema.ts';
export * from '../modules/mediation/schema.ts';
