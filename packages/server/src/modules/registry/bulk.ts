import { sql } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';

/**
 * Multi-row inserts for seeding and imports: the rows travel as ONE JSON parameter expanded by
 * jsonb_to_recordset, which is several times faster than building a statement with thousands of
 * bound parameters (and has no 65,535-parameter limit). Keys are the camelCase property names.
 */
type Column = readonly [key: string, column: string, type: string, fallback?: string];

const TABLES = {
  buildings: [
    ['id', 'id', 'uuid'],
    ['siteId', 'site_id', 'uuid'],
    ['name', 'name', 'text'],
    ['number', 'number', 'integer'],
    ['floors', 'floors', 'integer'],
    ['units', 'units', 'integer'],
    ['flatsPerFloor', 'flats_per_floor', 'integer'],
    ['createdAt', 'created_at', 'timestamptz', 'now()'],
  ],
  rooms: [
    ['id', 'id', 'uuid'],
    ['siteId', 'site_id', 'uuid'],
    ['buildingId', 'building_id', 'uuid'],
    ['unit', 'unit', 'integer'],
    ['floor', 'floor', 'integer'],
    ['number', 'number', 'text'],
    ['kind', 'kind', 'text'],
    ['area', 'area', 'numeric'],
    ['label', 'label', 'text'],
    ['street', 'street', 'text'],
    ['verifiedAt', 'verified_at', 'timestamptz'],
    ['createdAt', 'created_at', 'timestamptz', 'now()'],
  ],
  persons: [
    ['id', 'id', 'uuid'],
    ['siteId', 'site_id', 'uuid'],
    ['name', 'name', 'text'],
    ['nameInitials', 'name_initials', 'text'],
    ['gender', 'gender', 'text'],
    ['birthDate', 'birth_date', 'date'],
    ['ethnicity', 'ethnicity', 'text', "'汉族'"], // i18n-data: the column default (stored)
    ['idNumberEnc', 'id_number_enc', 'text'],
    ['idNumberHash', 'id_number_hash', 'text'],
    ['phoneEnc', 'phone_enc', 'text'],
    ['phoneHash', 'phone_hash', 'text'],
    ['hukouAddress', 'hukou_address', 'text'],
    ['hukouRegionCode', 'hukou_region_code', 'text'],
    ['workplace', 'workplace', 'text'],
    ['emergencyContactName', 'emergency_contact_name', 'text'],
    ['emergencyContactPhoneEnc', 'emergency_contact_phone_enc', 'text'],
    ['vehiclePlates', 'vehicle_plates', 'text[]', "'{}'"],
    ['careFlags', 'care_flags', 'text[]', "'{}'"],
    ['status', 'status', 'text', "'active'"],
    ['createdAt', 'created_at', 'timestamptz', 'now()'],
    ['updatedAt', 'updated_at', 'timestamptz', 'now()'],
  ],
  households: [
    ['id', 'id', 'uuid'],
    ['siteId', 'site_id', 'uuid'],
    ['roomId', 'room_id', 'uuid'],
    ['headPersonId', 'head_person_id', 'uuid'],
    ['kind', 'kind', 'text'],
    ['status', 'status', 'text', "'active'"],
    ['createdAt', 'created_at', 'timestamptz', 'now()'],
  ],
  tenancies: [
    ['id', 'id', 'uuid'],
    ['siteId', 'site_id', 'uuid'],
    ['roomId', 'room_id', 'uuid'],
    ['householdId', 'household_id', 'uuid'],
    ['landlordPersonId', 'landlord_person_id', 'uuid'],
    ['landlordName', 'landlord_name', 'text'],
    ['landlordPhoneEnc', 'landlord_phone_enc', 'text'],
    ['startDate', 'start_date', 'date'],
    ['endDate', 'end_date', 'date'],
    ['monthlyRent', 'monthly_rent', 'numeric'],
    ['fileId', 'file_id', 'uuid'],
    ['previousTenancyId', 'previous_tenancy_id', 'uuid'],
    ['status', 'status', 'text', "'active'"],
    ['createdBy', 'created_by', 'uuid'],
    ['createdAt', 'created_at', 'timestamptz', 'now()'],
    ['updatedAt', 'updated_at', 'timestamptz', 'now()'],
  ],
  shops: [
    ['id', 'id', 'uuid'],
    ['siteId', 'site_id', 'uuid'],
    ['roomId', 'room_id', 'uuid'],
    ['name', 'name', 'text'],
    ['licenceNo', 'licence_no', 'text'],
    ['category', 'category', 'text'],
    ['operatorPersonId', 'operator_person_id', 'uuid'],
    ['status', 'status', 'text', "'open'"],
    ['createdAt', 'created_at', 'timestamptz', 'now()'],
  ],
  residencies: [
    ['id', 'id', 'uuid', 'gen_random_uuid()'],
    ['siteId', 'site_id', 'uuid'],
    ['personId', 'person_id', 'uuid'],
    ['roomId', 'room_id', 'uuid'],
    ['householdId', 'household_id', 'uuid'],
    ['shopId', 'shop_id', 'uuid'],
    ['tenancyId', 'tenancy_id', 'uuid'],
    ['type', 'type', 'text'],
    ['relationToHead', 'relation_to_head', 'text'],
    ['validFrom', 'valid_from', 'date'],
    ['validTo', 'valid_to', 'date'],
    ['status', 'status', 'text', "'active'"],
    ['endReason', 'end_reason', 'text'],
    ['createdBy', 'created_by', 'uuid'],
    ['createdAt', 'created_at', 'timestamptz', 'now()'],
    ['updatedAt', 'updated_at', 'timestamptz', 'now()'],
  ],
  visits: [
    ['id', 'id', 'uuid', 'gen_random_uuid()'],
    ['siteId', 'site_id', 'uuid'],
    ['personId', 'person_id', 'uuid'],
    ['collectorUserId', 'collector_user_id', 'uuid'],
    ['collectorName', 'collector_name', 'text'],
    ['at', 'at', 'timestamptz'],
    ['kind', 'kind', 'text'],
    ['changedFields', 'changed_fields', 'text[]', "'{}'"],
    ['note', 'note', 'text'],
  ],
} as const satisfies Record<string, readonly Column[]>;

export type BulkTable = keyof typeof TABLES;

export async function bulkInsert(
  db: Db,
  table: BulkTable,
  rows: readonly object[],
  chunkSize = 4000,
): Promise<void> {
  const columns: readonly Column[] = TABLES[table];
  const targets = columns.map((c) => c[1]).join(', ');
  const selects = columns.map(([key, , , fallback]) =>
    fallback ? `COALESCE(x."${key}", ${fallback})` : `x."${key}"`,
  );
  const definition = columns.map(([key, , type]) => `"${key}" ${type}`).join(', ');
  for (let i = 0; i < rows.length; i += chunkSize) {
    const json = JSON.stringify(rows.slice(i, i + chunkSize));
    await db.execute(
      sql`INSERT INTO ${sql.raw(table)} (${sql.raw(targets)})
          SELECT ${sql.raw(selects.join(', '))} FROM jsonb_to_recordset(${json}::jsonb) AS x(${sql.raw(definition)})`,
    );
  }
}
