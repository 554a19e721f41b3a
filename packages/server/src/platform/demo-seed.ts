import { eq } from 'drizzle-orm';
import { ROLES, type Role } from '@anju/contracts';
import type { Db } from '../db/client.ts';
import type { AppContext } from './context.ts';
import { jurisdictions, propertyCompanies, sites } from './org/schema.ts';
import { createUser } from './org/service.ts';
import { settings } from './settings-schema.ts';

export const DEMO_MARKER = 'demo_data';

export const DEMO_ACCOUNTS: Record<Role, string> = {
  admin: '系统管理员（演示）',
  police: '王警官（演示）',
  auxiliary: '李辅警（演示）',
  property: '赵经理（物业·演示）',
  mediator: '陈调解员（演示）',
  resident: '演示居民',
};

/** A module contributes demo data for the demo site through one of these. */
export type DemoSeeder = (ctx: AppContext, siteId: string) => Promise<void>;

export async function isDemoDatabase(db: Db): Promise<boolean> {
  const [row] = await db.select().from(settings).where(eq(settings.key, DEMO_MARKER));
  return !!row;
}

/**
 * Seeds the clearly marked demo compound once: jurisdiction chain, property company, site and
 * one account per role, then each module's demo data. Returns false when already seeded.
 */
export async function seedDemo(ctx: AppContext, seeders: DemoSeeder[] = []): Promise<boolean> {
  const { db } = ctx;
  if (await isDemoDatabase(db)) return false;
  const [bureau] = await db
    .insert(jurisdictions)
    .values({ level: 'sub_bureau', name: '示范市公安局示范分局（演示）', code: 'DEMO-SB' })
    .returning();
  const [station] = await db
    .insert(jurisdictions)
    .values({ level: 'police_station', name: '示范派出所（演示）', parentId: bureau!.id, code: 'DEMO-PS' })
    .returning();
  const [office] = await db
    .insert(jurisdictions)
    .values({
      level: 'police_office',
      name: '安居示范小区警务室（演示）',
      parentId: station!.id,
      code: 'DEMO-PO',
    })
    .returning();
  const [company] = await db
    .insert(propertyCompanies)
    .values({ name: '安居示范物业服务有限公司（演示）', phone: '0371-00000000' })
    .returning();
  const [site] = await db
    .insert(sites)
    .values({
      name: '安居示范小区（演示数据）',
      address: '示范市示范区安居路 1 号（虚构地址）',
      policeOfficeId: office!.id,
      propertyCompanyId: company!.id,
      isDemo: true,
    })
    .returning();
  for (const role of ROLES) {
    await createUser(db, {
      username: role,
      displayName: DEMO_ACCOUNTS[role],
      role,
      password: ctx.config.demoPassword,
      siteIds: [site!.id],
      jurisdictionId: role === 'police' || role === 'auxiliary' ? office!.id : null,
      isDemo: true,
    });
  }
  for (const seed of seeders) await seed(ctx, site!.id);
  await db
    .insert(settings)
    .values({ key: DEMO_MARKER, value: { siteId: site!.id, seededAt: new Date().toISOString() } });
  return true;
}
