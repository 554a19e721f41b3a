export * from './roles.ts';
export * from './errors.ts';
export * from './auth.ts';
export * from './validators.ts';
export * from './audit.ts';
export * from './access.ts';
export * from './registry.ts';
export * from './alerts.ts';
