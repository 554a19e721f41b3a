import { defineMessages, type ParamsOf } from '@anju/contracts';

/**
 * What the registry's routes and services say: route summaries, errors, status words and the
 * purposes written to the audit log. Field labels and form rules shared with the console are in
 * @anju/contracts (registry.messages.ts, same prefix, other sub-namespaces); roster import/export
 * and disclosure words have their own catalogues.
 */
export const registryMessages = defineMessages('registry', {
  // Route summaries (the API document).
  'route.buildings': {
    zh: '楼栋列表（含各楼入住情况统计）',
    en: 'Buildings (with each building’s occupancy figures)',
  },
  'route.createBuilding': {
    zh: '新增楼栋：按单元数 × 楼层数 × 每层户数一次生成全部房屋（房号如 3-2-1501）',
    en: 'Add a building: creates every flat at once from units × floors × flats per floor (labels like 3-2-1501)',
  },
  'route.updateBuilding': {
    zh: '修改楼栋名称或楼号（改楼号时房屋编号随之更新）',
    en: 'Rename a building or change its number (its flats are relabelled with a new number)',
  },
  'route.deleteBuilding': {
    zh: '删除楼栋（仅当其房屋从未登记过住户、租赁或商铺；否则 409 并说明原因）',
    en: 'Delete a building (only if none of its flats ever had residents, tenancies or shops; otherwise 409 with the reason)',
  },
  'route.addFlat': { zh: '在楼栋中添加一户房屋', en: 'Add a flat to a building' },
  'route.updateFlat': {
    zh: '更正房屋的单元、楼层、房号或面积（商铺请改商铺信息）',
    en: 'Correct a flat’s unit, floor, number or area (edit shops through their shop details)',
  },
  'route.deleteRoom': {
    zh: '删除房屋（仅当没有任何户、居住记录、租赁合同或商铺登记指向它；否则 409）',
    en: 'Delete a room (only if no household, residency, tenancy or shop record points at it; otherwise 409)',
  },
  'route.createShop': {
    zh: '新增沿街商铺（门面房与经营信息：名称、类别、营业执照号、经营者）',
    en: 'Add a street shop (the shop front and its business: name, category, licence number, operator)',
  },
  'route.updateShop': {
    zh: '修改商铺信息（名称、类别、营业执照号、经营者、营业状态、门牌）',
    en: 'Edit a shop (name, category, licence number, operator, business status, street number)',
  },
  'route.buildingMap': {
    zh: '楼栋平面图：楼层 × 单元，每户的入住状态与图例',
    en: 'Building map: floors × units, each flat’s occupancy, and the legend',
  },
  'route.roomDetail': {
    zh: '房屋详情：住户、与户主关系、居住类型、起始日期、租赁合同（记入审计）',
    en: 'Room details: residents, relation to the head, residency type, dates, tenancy (audited)',
  },
  'route.householdDetail': {
    zh: '户详情（即该户所在房屋的详情）',
    en: 'Household details (the details of the room it lives in)',
  },
  'route.roomResidencies': { zh: '房屋的全部居住记录（历史）', en: 'Every residency of a room (history)' },
  'route.verifyRoom': { zh: '核实房屋（如确认空置）', en: 'Verify a room (e.g. confirm it is vacant)' },
  'route.shops': { zh: '沿街商铺（经营者、营业执照号）', en: 'Street shops (operators, licence numbers)' },
  'route.search': {
    zh: '搜索：姓名、拼音首字母、身份证号、手机号、房屋（3-2-1501）、商铺名称、车牌（查到人员的检索记入审计）',
    en: 'Search: name, pinyin initials, ID number, phone, room (3-2-1501), shop name, plate (searches that find people are audited)',
  },
  'route.createPerson': {
    zh: '登记人员（入户走访采集）；身份证号已存在时返回 409 duplicate_person 与已有记录编号',
    en: 'Register a person (door-to-door collection); a known ID number answers 409 duplicate_person with the existing record’s ID',
  },
  'route.personDetail': {
    zh: '人员详情（物业看到脱敏身份证号；每次查看记入审计）',
    en: 'Person details (property staff see the ID number masked; every read is audited)',
  },
  'route.updatePerson': {
    zh: '更新人员信息（生成走访记录，记录变更的字段）',
    en: 'Update a person (records a visit with the fields changed)',
  },
  'route.personResidencies': {
    zh: '人员的全部居住记录（历史）',
    en: 'Every residency of a person (history)',
  },
  'route.createTenancy': {
    zh: '租赁登记（multipart/form-data：roomId、landlordName、startDate、endDate、monthlyRent、tenants=JSON、file=合同扫描件 PDF/JPEG/PNG ≤ 10 MB）',
    en: 'Register a tenancy (multipart/form-data: roomId, landlordName, startDate, endDate, monthlyRent, tenants=JSON, file=contract scan PDF/JPEG/PNG ≤ 10 MB)',
  },
  'route.tenancies': {
    zh: '租赁合同列表（筛选：生效中、30 天内到期、已到期；记入审计）',
    en: 'Tenancy contracts (filters: active, ending within 30 days, expired; audited)',
  },
  'route.tenancyDetail': {
    zh: '租赁合同详情（含续租前的历史合同；记入审计）',
    en: 'Tenancy details (with the contracts it renewed; audited)',
  },
  'route.renewTenancy': {
    zh: '续租：新合同关联原合同，历史保留（JSON，或 multipart 附新合同扫描件）',
    en: 'Renew: a new contract linked to the previous one, history kept (JSON, or multipart with the new scan)',
  },
  'route.moveIn': {
    zh: '入住登记（业主、家庭成员、商户经营者、从业人员；租户请走租赁登记）',
    en: 'Move in (owners, family members, shop operators, employees; tenants go through a tenancy)',
  },
  'route.moveOut': {
    zh: '迁出登记（日期为最后居住日）',
    en: 'Move out (the date is the last day lived there)',
  },
  'route.file': { zh: '查看合同扫描件（记入审计）', en: 'View a contract scan (audited)' },
  'route.import': {
    zh: '导入花名册（multipart：file=.xlsx/.csv，skipInvalid=true 跳过错误行，siteId）；返回任务编号，进度见 GET /imports/:id',
    en: 'Import a roster (multipart: file=.xlsx/.csv, skipInvalid=true skips rows with errors, siteId); answers a job ID, progress at GET /imports/:id',
  },
  'route.importJob': { zh: '导入任务进度与逐行错误', en: 'Import job progress and errors per row' },
  'route.export': {
    zh: '导出花名册（.xlsx / .csv，按角色脱敏，记入审计）',
    en: 'Export the roster (.xlsx / .csv, masked by role, audited)',
  },
  'route.stats': {
    zh: '实有人口统计（户数、人数、商铺、业主、租户、流动人口、30 天内到期合同）',
    en: 'Registry figures (households, persons, shops, owners, tenants, floating population, contracts ending within 30 days)',
  },
  'route.myHousehold': { zh: '我的住户信息（仅本户）', en: 'My household (only my own)' },
  'route.settings': {
    zh: '小区登记设置（本市行政区划代码前缀，用于判断流动人口）',
    en: 'Compound registry settings (the city’s region code prefix, for the floating population)',
  },
  'route.updateSettings': { zh: '修改小区登记设置', en: 'Change the compound registry settings' },

  // Requests and forms.
  invalidId: { zh: '编号无效', en: 'Invalid ID' },
  'form.notJson': { zh: '{label}格式不正确（应为 JSON）', en: 'The {label} field is not valid JSON' },
  'file.tooLarge': { zh: '文件超过 {mb} MB 上限', en: 'The file exceeds the {mb} MB limit' },
  'file.empty': { zh: '合同扫描件为空文件', en: 'The contract scan is an empty file' },
  'file.type': {
    zh: '合同扫描件只能是 PDF、JPEG 或 PNG 文件（按文件内容判断）',
    en: 'The contract scan must be a PDF, JPEG or PNG file (judged by its content)',
  },
  'file.notFound': { zh: '文件不存在', en: 'File not found' },
  'import.skipInvalid': { zh: 'skipInvalid 应为 true 或 false', en: 'skipInvalid must be true or false' },
  'import.chooseFile': { zh: '请选择要导入的文件', en: 'Choose a file to import' },
  'import.chooseFileField': {
    zh: '请选择要导入的 .xlsx 或 .csv 文件',
    en: 'Choose an .xlsx or .csv file to import',
  },
  'settings.regionPrefix': {
    zh: '本市行政区划代码前缀应为 2–6 位数字，如 4101',
    en: 'The city’s region code prefix must be 2–6 digits, e.g. 4101',
  },
  'settings.cityNameRequired': { zh: '请填写城市名称', en: 'Enter the city name' },
  'site.choose': { zh: '请选择小区', en: 'Select a compound' },
  'site.none': { zh: '您没有可操作的小区', en: 'You have no compound to work on' },

  // Compound structure.
  'building.notFound': { zh: '楼栋不存在', en: 'Building not found' },
  'building.notInScope': {
    zh: '楼栋不存在或不在您可访问的小区',
    en: 'The building does not exist or is not in a compound you can access',
  },
  'building.numberTaken': {
    zh: '本小区已有楼号为 {number} 的楼栋（{name}）',
    en: 'This compound already has building number {number} ({name})',
  },
  'building.nameTaken': {
    zh: '本小区已有名为“{name}”的楼栋',
    en: 'This compound already has a building named “{name}”',
  },
  'building.defaultName': { zh: '{number}号楼', en: 'Building {number}' },
  'building.numbersClash': {
    zh: '楼号 {number} 的房屋编号与已有房屋重复',
    en: 'Room numbers of building {number} clash with existing rooms',
  },
  'building.inUse': {
    zh: '{name}仍有{refs}（如 {example}），不能删除',
    en: '{name} still has {refs} (e.g. {example}), so it cannot be deleted',
  },
  'room.inUse': {
    zh: '{label} 仍有{refs}，不能删除（已迁出的历史记录也会保留房屋）',
    en: '{label} still has {refs}, so it cannot be deleted (records of people who moved out keep the room too)',
  },
  'refs.residencies': { zh: '{count} 条居住记录', en: '{count} residency record(s)' },
  'refs.households': { zh: '{count} 个户', en: '{count} household(s)' },
  'refs.tenancies': { zh: '{count} 份租赁合同', en: '{count} tenancy contract(s)' },
  'refs.shops': { zh: '{count} 条商铺经营登记', en: '{count} shop business registration(s)' },
  'list.1': { zh: '{a}', en: '{a}' },
  'list.2': { zh: '{a}、{b}', en: '{a}, {b}' },
  'list.3': { zh: '{a}、{b}、{c}', en: '{a}, {b}, {c}' },
  'list.4': { zh: '{a}、{b}、{c}、{d}', en: '{a}, {b}, {c}, {d}' },
  'room.flatTaken': {
    zh: '{building} {unit} 单元 {number} 室已存在（{label}）',
    en: 'Flat {number} of unit {unit} in {building} already exists ({label})',
  },
  'room.shopTaken': {
    zh: '{street} {number} 号商铺已存在（{label}）',
    en: 'Shop {street} {number} already exists ({label})',
  },
  'room.exists': { zh: '房屋已存在（{label}）', en: 'Room already exists ({label})' },
  'shop.exists': { zh: '商铺已存在（{label}）', en: 'Shop already exists ({label})' },
  'room.isShop': { zh: '这是商铺，请在商铺信息中修改', en: 'This is a shop; edit it in the shop details' },
  'structure.changeAtLeastOne': { zh: '请至少修改一项', en: 'Change at least one field' },
  'shop.notFound': { zh: '商铺不存在', en: 'Shop not found' },
  'shop.operatorUnknown': {
    zh: '经营者不存在或不属于本小区，请先登记人员',
    en: 'The operator does not exist or is not in this compound; register the person first',
  },

  // Rooms, persons and residencies.
  'room.notFound': { zh: '房屋不存在', en: 'Room not found' },
  'room.notInScope': {
    zh: '房屋不存在或不在您可访问的小区',
    en: 'The room does not exist or is not in a compound you can access',
  },
  'room.wrongSite': { zh: '房屋不属于所选小区', en: 'The room is not in the selected compound' },
  'household.notFound': { zh: '户不存在', en: 'Household not found' },
  'person.notFound': { zh: '人员不存在', en: 'Person not found' },
  'person.notInScope': {
    zh: '人员不存在或不在您可访问的小区',
    en: 'The person does not exist or is not in a compound you can access',
  },
  'person.duplicateId': {
    zh: '该身份证号已登记（{name}），请打开已有记录',
    en: 'This ID number is already registered ({name}); open the existing record',
  },
  'person.genderMismatch': {
    zh: '性别与身份证号不符（第 17 位奇数为男、偶数为女）',
    en: 'Gender does not match the ID number (17th digit odd = male, even = female)',
  },
  'person.policeNoteForbidden': {
    zh: '警务备注仅限民警、辅警填写',
    en: 'Only police officers and auxiliary police may write police notes',
  },
  'placement.shopOnly': {
    zh: '商户经营者、从业人员只能登记到商铺',
    en: 'Shop operators and employees can only be registered to a shop',
  },
  'placement.homeOnly': {
    zh: '业主、家庭成员只能登记到住宅房屋',
    en: 'Owners and family members can only be registered to a home',
  },
  'placement.already': { zh: '此人已登记在该房屋', en: 'This person is already registered in this room' },
  'placement.noBusiness': { zh: '该商铺尚未登记经营主体', en: 'This shop has no registered business yet' },
  'placement.headTaken': {
    zh: '该户已有户主，请选择与户主的关系',
    en: 'This household already has a head; choose the relation to the head',
  },
  'self.notLinked': {
    zh: '您的住户信息（账号未关联登记人员，请联系警务室或物业）不存在',
    en: 'Your resident record was not found: this account is not linked to a registered person; contact the police office or property management',
  },

  // Tenancies, moving in and out.
  'tenancy.endBeforeStart': {
    zh: '合同结束日期不能早于开始日期',
    en: 'The contract end date cannot be before its start date',
  },
  'tenancy.tooLong': { zh: '合同期限不能超过 20 年', en: 'A contract cannot run longer than 20 years' },
  'tenancy.scanRequired': {
    zh: '请上传租赁合同扫描件（PDF、JPEG 或 PNG）',
    en: 'Upload the tenancy contract scan (PDF, JPEG or PNG)',
  },
  'tenancy.duplicateTenant': { zh: '租户重复', en: 'Duplicate tenant' },
  'tenancy.oneHead': { zh: '一户只能有一名户主', en: 'A household can have only one head' },
  'tenancy.homeOnly': {
    zh: '租赁合同只能登记到住宅房屋',
    en: 'Tenancy contracts can only be registered to a home',
  },
  'tenancy.landlordOtherSite': { zh: '房东不属于该小区', en: 'The landlord is not in this compound' },
  'tenancy.tenantOtherSite': { zh: '租户不属于该小区', en: 'The tenant is not in this compound' },
  'tenancy.notFound': { zh: '租赁合同不存在', en: 'Tenancy contract not found' },
  'tenancy.notRenewable': {
    zh: '该合同已续租或已终止，请在最新的合同上续租',
    en: 'This contract was already renewed or ended; renew the latest contract',
  },
  'tenancy.renewalStart': {
    zh: '续租开始日期必须晚于原合同开始日期',
    en: 'The renewal must start after the original contract’s start date',
  },
  'tenancy.noTenantsLeft': {
    zh: '原合同已无在住租户，请登记新合同',
    en: 'The original contract has no current tenants; register a new contract',
  },
  'moveIn.otherSite': {
    zh: '人员与房屋不属于同一小区',
    en: 'The person and the room are not in the same compound',
  },
  'residency.notFound': { zh: '居住记录不存在', en: 'Residency record not found' },
  'residency.ended': { zh: '该居住记录已结束', en: 'This residency has already ended' },
  'moveOut.beforeMoveIn': {
    zh: '迁出日期不能早于入住日期',
    en: 'The move-out date cannot be before the move-in date',
  },

  // A tenancy's status as people read it.
  'tenancyStatus.pending': { zh: '尚未生效', en: 'Not yet started' },
  'tenancyStatus.active': { zh: '有效', en: 'Active' },
  'tenancyStatus.expired': { zh: '合同已到期，请重新登记', en: 'Contract expired — re-register' },
  'tenancyStatus.renewed': { zh: '已续租', en: 'Renewed' },
  'tenancyStatus.ended': { zh: '已终止', en: 'Ended' },

  // Purposes written to the audit log (kept in Chinese there: see auditPurpose).
  'audit.personCreate': { zh: '入户走访登记', en: 'Door-to-door registration' },
  'audit.personUpdate': { zh: '入户走访更新', en: 'Door-to-door update' },
  'audit.tenancyCreate': { zh: '租赁登记', en: 'Tenancy registration' },
  'audit.tenancyRenew': { zh: '续租登记', en: 'Tenancy renewal' },
  'audit.tenancyList': { zh: '{filter}；{count} 份', en: '{filter}; {count} contract(s)' },
  'audit.lookupMany': { zh: '{count} 人', en: '{count} people' },
  'audit.lookupNone': { zh: '未找到', en: 'Not found' },
  'audit.contractExpired': { zh: '合同到期自动失效', en: 'Contract ended: lapsed automatically' },
  'audit.periodOver': { zh: '居住期限届满', en: 'Residency period over' },
});

type Entries = typeof registryMessages.entries;

/**
 * A purpose for the audit log. The log is a stored, hash-chained record that the console shows as
 * written, whoever reads it later, so the purposes the system writes stay in the product's
 * recording language (zh-CN), like the purposes people type.
 */
export function auditPurpose<K extends keyof Entries & `audit.${string}`>(
  key: K,
  ...params: ParamsOf<Entries[K]>
): string {
  return registryMessages.text('zh-CN', key, ...params);
}
