import { and, asc, eq, sql } from 'drizzle-orm';
import type {
  IncidentCategory,
  incidentCategoryInputSchema,
  incidentCategoryPatchSchema,
} from '@anju/contracts';
import type { z } from 'zod';
import type { Db } from '../../db/client.ts';
import { appendAudit } from '../../platform/audit/service.ts';
import { HttpError } from '../../platform/errors.ts';
import { incidentMessages as m } from './messages.ts';
import { incidentCategories } from './schema.ts';
import type { Caller } from './scope.ts';
import { DEFAULT_CATEGORIES } from './seed.ts';
import { siteOf } from './scope.ts';

type Row = typeof incidentCategories.$inferSelect;

/** Seeds the default tree once per site (idempotent: the seeded codes are unique per site). */
export async function ensureCategories(db: Db, siteId: string): Promise<void> {
  const [any] = await db
    .select({ id: incidentCategories.id })
    .from(incidentCategories)
    .where(eq(incidentCategories.siteId, siteId))
    .limit(1);
  if (any) return;
  let order = 0;
  for (const top of DEFAULT_CATEGORIES) {
    const [parent] = await db
      .insert(incidentCategories)
      .values({
        siteId,
        code: top.code,
        nameZh: top.zh,
        nameEn: top.en,
        group: top.group,
        sortOrder: order++,
      })
      .onConflictDoNothing()
      .returning({ id: incidentCategories.id });
    if (!parent) return; // another request seeded it meanwhile
    if (top.children?.length)
      await db.insert(incidentCategories).values(
        top.children.map((c, i) => ({
          siteId,
          parentId: parent.id,
          code: c.code,
          nameZh: c.zh,
          nameEn: c.en,
          group: top.group,
          sortOrder: i,
        })),
      );
  }
}

export const categoryView = (row: Row): IncidentCategory => ({
  id: row.id,
  siteId: row.siteId,
  parentId: row.parentId,
  nameZh: row.nameZh,
  nameEn: row.nameEn,
  group: row.group,
  sortOrder: row.sortOrder,
  active: row.active,
});

export async function categoryRows(db: Db, siteId: string): Promise<Row[]> {
  await ensureCategories(db, siteId);
  return db
    .select()
    .from(incidentCategories)
    .where(eq(incidentCategories.siteId, siteId))
    .orderBy(sql`${incidentCategories.parentId} NULLS FIRST`, asc(incidentCategories.sortOrder));
}

export async function categoryList(db: Db, siteId: string): Promise<IncidentCategory[]> {
  return (await categoryRows(db, siteId)).map(categoryView);
}

/** An active category of the site, else a 400 naming the field. */
export async function usableCategory(db: Db, siteId: string, id: string, field: string): Promise<Row> {
  const [row] = await db
    .select()
    .from(incidentCategories)
    .where(and(eq(incidentCategories.id, id), eq(incidentCategories.siteId, siteId)));
  if (!row?.active)
    throw new HttpError(400, 'unknown_category', m.msg('error.categoryUnknown'), [
      { field, message: m.msg('error.categoryUnknown') },
    ]);
  return row;
}

export async function createCategory(
  db: Db,
  caller: Caller,
  input: z.output<typeof incidentCategoryInputSchema>,
): Promise<IncidentCategory> {
  await ensureCategories(db, input.siteId);
  let group = input.group;
  if (input.parentId) {
    const [parent] = await db
      .select()
      .from(incidentCategories)
      .where(and(eq(incidentCategories.id, input.parentId), eq(incidentCategories.siteId, input.siteId)));
    if (!parent)
      throw new HttpError(400, 'unknown_category', m.msg('error.categoryUnknown'), [
        { field: 'body.parentId', message: m.msg('error.categoryUnknown') },
      ]);
    if (parent.parentId)
      throw new HttpError(400, 'validation_error', m.msg('error.categoryDepth'), [
        { field: 'body.parentId', message: m.msg('error.categoryDepth') },
      ]);
    group ??= parent.group;
  }
  const [row] = await db
    .insert(incidentCategories)
    .values({
      siteId: input.siteId,
      parentId: input.parentId,
      nameZh: input.nameZh,
      nameEn: input.nameEn,
      group: group ?? 'other',
      sortOrder: input.sortOrder,
    })
    .returning();
  await appendAudit(db, caller.actor, {
    action: 'incidents.category.create',
    subjectType: 'incident_category',
    subjectId: row!.id,
    siteId: input.siteId,
  });
  return categoryView(row!);
}

export async function updateCategory(
  db: Db,
  caller: Caller,
  id: string,
  patch: z.output<typeof incidentCategoryPatchSchema>,
): Promise<IncidentCategory> {
  const [row] = await db.select().from(incidentCategories).where(eq(incidentCategories.id, id));
  if (!row || !siteOf(caller, row.siteId))
    throw new HttpError(404, 'not_found', m.msg('error.categoryNotFound'));
  const set = Object.fromEntries(Object.entries(patch).filter(([, v]) => v !== undefined));
  if (Object.keys(set).length === 0) return categoryView(row);
  const [updated] = await db
    .update(incidentCategories)
    .set(set)
    .where(eq(incidentCategories.id, id))
    .returning();
  // A top-level category's group is its children's: keep them together.
  if (patch.group && !row.parentId)
    await db
      .update(incidentCategories)
      .set({ group: patch.group })
      .where(eq(incidentCategories.parentId, id));
  await appendAudit(db, caller.actor, {
    action: 'incidents.category.update',
    subjectType: 'incident_category',
    subjectId: id,
    fields: Object.keys(set),
    siteId: row.siteId,
  });
  return categoryView(updated!);
}
