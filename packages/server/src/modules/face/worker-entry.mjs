// Worker threads do not inherit tsx's loader (neither under `tsx src/main.ts` nor under vitest),
// so register it here and then load the TypeScript worker.
import { register } from 'tsx/esm/api';

register();
await import('./worker.ts');
