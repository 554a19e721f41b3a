import { defineMessages } from '@anju/contracts';

/**
 * The roster's spreadsheets (roster.ts): the columns an import reads and an export writes, the
 * words written into an export's cells, and why a roster's columns or a row are refused (a file
 * refused as a whole and a job's outcome are every import's: platform/spreadsheet/messages.ts).
 * Column titles and enum words repeat labels of contracts/registry.ts on purpose for now (the
 * import must keep accepting the Chinese titles whatever the contracts make of theirs).
 */
export const rosterMessages = defineMessages('registry.roster', {
  // Columns: the header row of an export, and the names an import accepts (both languages).
  'column.name': { zh: '姓名', en: 'Name' },
  'column.idNumber': { zh: '身份证号', en: 'ID number' },
  'column.gender': { zh: '性别', en: 'Gender' },
  'column.ethnicity': { zh: '民族', en: 'Ethnicity' },
  'column.phone': { zh: '手机号', en: 'Mobile number' },
  'column.room': { zh: '房屋', en: 'Room' },
  'column.type': { zh: '居住类型', en: 'Residency type' },
  'column.relationToHead': { zh: '与户主关系', en: 'Relation to head' },
  'column.validFrom': { zh: '入住日期', en: 'Move-in date' },
  'column.contractEnd': { zh: '合同到期日', en: 'Contract end date' },
  'column.landlordName': { zh: '房东姓名', en: 'Landlord’s name' },
  'column.hukouAddress': { zh: '户籍地址', en: 'Household registration address' },
  'column.hukouRegionCode': { zh: '户籍地区划代码', en: 'Household registration region code' },
  'column.workplace': { zh: '工作单位/学校', en: 'Workplace/school' },
  'column.emergencyContactName': { zh: '紧急联系人', en: 'Emergency contact' },
  'column.emergencyContactPhone': { zh: '紧急联系人电话', en: 'Emergency contact phone' },
  'column.vehiclePlates': { zh: '车牌号', en: 'Licence plates' },
  'column.careFlags': { zh: '特殊关怀', en: 'Special care' },
  // Export only.
  'column.status': { zh: '状态', en: 'Status' },
  'column.hukouRegion': { zh: '户籍地', en: 'Household registration' },

  // Cell values: written by an export, accepted by an import in either language (residency
  // types, relations, care flags and statuses are the contracts' words: registry.messages.ts).
  'gender.male': { zh: '男', en: 'Male' },
  'gender.female': { zh: '女', en: 'Female' },
  'status.none': { zh: '未登记居住', en: 'No residence registered' },

  // The exported file.
  'export.sheet': { zh: '实有人口', en: 'Residents' },
  'export.fileName': { zh: '实有人口_{stamp}', en: 'residents_{stamp}' },

  // A roster refused as a whole.
  'file.missingColumns': {
    zh: '缺少必填列：{columns}（表头在第 1 行）',
    en: 'Missing required columns: {columns} (the header is row 1)',
  },

  // A row refused (stored with the job; rendered when the job is read). Never the cell's value.
  'row.idNumberNumeric': {
    zh: '身份证号被 Excel 存成了数字（末几位已丢失），请把该列设为“文本”后重新填写',
    en: 'Excel stored the ID number as a number (its last digits are lost); format the column as “Text” and enter it again',
  },
  'row.genderInvalid': { zh: '性别应为“男”或“女”', en: 'Gender must be “Male” or “Female”' },
  'row.genderMismatch': { zh: '性别与身份证号不符', en: 'Gender does not match the ID number' },
  'row.idRegistered': {
    zh: '该身份证号已登记，请在系统中修改已有记录',
    en: 'This ID number is already registered; edit the existing record instead',
  },
  'row.idRepeated': { zh: '与第 {row} 行的身份证号重复', en: 'Same ID number as row {row}' },
  'row.roomRequired': { zh: '请填写房屋，如 3-2-1501', en: 'Enter the room, e.g. 3-2-1501' },
  'row.roomNotFound': { zh: '房屋不存在', en: 'Room not found' },
  'row.typeInvalid': {
    zh: '居住类型应为业主、家庭成员、租户、商户经营者或从业人员',
    en: 'The residency type must be Owner, Family member, Tenant, Shop operator or Employee',
  },
  'row.relationUnknown': {
    zh: '与户主关系无法识别',
    en: 'Relation to the head of household not recognised',
  },
  'row.validFromFormat': {
    zh: '入住日期应为 YYYY-MM-DD 格式',
    en: 'The move-in date must be in YYYY-MM-DD format',
  },
  'row.shopRoleNeedsShop': {
    zh: '商户经营者、从业人员只能登记到商铺',
    en: 'Shop operators and employees can only be registered to a shop',
  },
  'row.shopTakesShopRoles': {
    zh: '商铺只能登记商户经营者或从业人员',
    en: 'Only shop operators and employees can be registered to a shop',
  },
  'row.shopWithoutBusiness': { zh: '该商铺尚未登记经营主体', en: 'This shop has no registered business yet' },
  'row.tenantNeedsFrom': {
    zh: '租户须填写入住日期（合同开始日）',
    en: 'A tenant needs a move-in date (the contract start date)',
  },
  'row.tenantNeedsEnd': {
    zh: '租户须填写合同到期日（YYYY-MM-DD）',
    en: 'A tenant needs a contract end date (YYYY-MM-DD)',
  },
  'row.endBeforeFrom': {
    zh: '合同到期日不能早于入住日期',
    en: 'The contract end date cannot be before the move-in date',
  },
  'row.tenantNeedsLandlord': { zh: '租户须填写房东姓名', en: 'A tenant needs the landlord’s name' },
  'row.headExists': { zh: '该户已有户主', en: 'This household already has a head' },

  // Records kept in Chinese (see roster.ts): a person's visit history and the audit log.
  'record.visitNote': { zh: '批量导入（任务 {jobId}）', en: 'Bulk import (job {jobId})' },
  'record.importPurpose': { zh: '批量导入 {rows} 人', en: 'Bulk import of {rows} people' },
  'record.exportPurpose': { zh: '导出 {rows} 人（{format}）', en: 'Export of {rows} people ({format})' },
  'record.exportPurposeWithReason': {
    zh: '{purpose}；导出 {rows} 人（{format}）',
    en: '{purpose}; export of {rows} people ({format})',
  },
});
