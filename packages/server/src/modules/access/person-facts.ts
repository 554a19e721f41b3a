import { and, eq, inArray } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { shanghaiDate } from '../../platform/time.ts';
import { persons, residencies, rooms, tenancies } from '../registry/schema.ts';
import { residencyStatusOn } from '../registry/validity.ts';
import type { ResidencyFacts } from './rules.ts';

export interface PersonAccessFacts {
  personId: string;
  siteId: string;
  name: string;
  active: boolean;
  birthDate: string;
  roomLabel: string | null;
  residencies: ResidencyFacts[];
}

/**
 * What the gate needs to know about people, read at the moment of passage (never cached), so a
 * contract that lapsed at midnight or a move-out entered a minute ago is honoured at once.
 */
export async function personAccessFacts(
  db: Db,
  siteId: string,
  personIds: string[],
  at: Date,
): Promise<Map<string, PersonAccessFacts>> {
  const result = new Map<string, PersonAccessFacts>();
  if (personIds.length === 0) return result;
  const today = shanghaiDate(at);
  const people = await db
    .select({
      id: persons.id,
      siteId: persons.siteId,
      name: persons.name,
      status: persons.status,
      birthDate: persons.birthDate,
    })
    .from(persons)
    .where(and(eq(persons.siteId, siteId), inArray(persons.id, personIds)));
  for (const p of people) {
    result.set(p.id, {
      personId: p.id,
      siteId: p.siteId,
      name: p.name,
      active: p.status === 'active',
      birthDate: p.birthDate,
      roomLabel: null,
      residencies: [],
    });
  }
  if (people.length === 0) return result;
  const rows = await db
    .select({ residency: residencies, tenancy: tenancies, roomLabel: rooms.label })
    .from(residencies)
    .leftJoin(tenancies, eq(tenancies.id, residencies.tenancyId))
    .innerJoin(rooms, eq(rooms.id, residencies.roomId))
    .where(inArray(residencies.personId, [...result.keys()]));
  for (const { residency: r, tenancy: t, roomLabel } of rows) {
    const facts = result.get(r.personId);
    if (!facts) continue;
    const status = residencyStatusOn(r, t, today);
    facts.residencies.push({ type: r.type, status, movedOut: r.endReason === 'moved_out' });
    if (status === 'active' || facts.roomLabel === null) facts.roomLabel = roomLabel;
  }
  return result;
}
