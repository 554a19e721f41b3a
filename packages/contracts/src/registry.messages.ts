import { defineMessages } from './i18n.ts';

/**
 * The registry's shared words (实有人口): field labels, the rules of the collection and structure
 * forms, the ID number checks, and the names of the enum values. Used by the server's route
 * validation and by the console's forms, so both say the same thing in the reader's language.
 *
 * Labels are nouns in lower case in English; the rule messages take one as `{label}` (a key
 * string, rendered in the same language) and start their English with "The" or a verb, so the
 * label never has to begin a sentence.
 */
export const registryContractMessages = defineMessages('registry', {
  // Field labels (form fields, roster columns).
  'label.name': { zh: '姓名', en: 'name' },
  'label.idNumber': { zh: '身份证号', en: 'ID number' },
  'label.gender': { zh: '性别', en: 'gender' },
  'label.ethnicity': { zh: '民族', en: 'ethnicity' },
  'label.phone': { zh: '手机号', en: 'mobile number' },
  'label.room': { zh: '房屋', en: 'room' },
  'label.residencyType': { zh: '居住类型', en: 'residency type' },
  'label.relationToHead': { zh: '与户主关系', en: 'relation to household head' },
  'label.moveInDate': { zh: '入住日期', en: 'move-in date' },
  'label.contractEnd': { zh: '合同到期日', en: 'contract end date' },
  'label.landlordName': { zh: '房东姓名', en: 'landlord’s name' },
  'label.landlordPhone': { zh: '房东电话', en: 'landlord’s phone' },
  'label.hukouAddress': { zh: '户籍地址', en: 'household registration address' },
  'label.hukouRegionCode': { zh: '户籍地区划代码', en: 'household registration region code' },
  'label.hukouRegionCodeFull': { zh: '户籍地行政区划代码', en: 'household registration region code' },
  'label.workplace': { zh: '工作单位/学校', en: 'workplace/school' },
  'label.emergencyContactName': { zh: '紧急联系人', en: 'emergency contact' },
  'label.emergencyContactPhone': { zh: '紧急联系人电话', en: 'emergency contact phone' },
  'label.vehiclePlates': { zh: '车牌号', en: 'licence plate' },
  'label.careFlags': { zh: '特殊关怀', en: 'special care' },
  'label.policeNote': { zh: '警务备注', en: 'police note' },
  'label.visitNote': { zh: '走访备注', en: 'visit note' },
  'label.contractStart': { zh: '合同开始日期', en: 'contract start date' },
  'label.contractEndDate': { zh: '合同结束日期', en: 'contract end date' },
  'label.renewalStart': { zh: '续租开始日期', en: 'renewal start date' },
  'label.renewalEnd': { zh: '续租结束日期', en: 'renewal end date' },
  'label.moveOutDate': { zh: '迁出日期', en: 'move-out date' },
  'label.note': { zh: '备注', en: 'note' },
  'label.searchText': { zh: '搜索内容', en: 'search text' },
  'label.tenants': { zh: '租户', en: 'tenants' },
  'label.status': { zh: '状态', en: 'status' },
  'label.buildingNumber': { zh: '楼号', en: 'building number' },
  'label.buildingName': { zh: '楼栋名称', en: 'building name' },
  'label.unitCount': { zh: '单元数', en: 'number of units' },
  'label.floorCount': { zh: '楼层数', en: 'number of floors' },
  'label.flatsPerFloor': { zh: '每层每单元户数', en: 'flats per floor and unit' },
  'label.skipFloor': { zh: '不设房屋的楼层', en: 'floor without flats' },
  'label.unit': { zh: '单元', en: 'unit' },
  'label.floor': { zh: '楼层', en: 'floor' },
  'label.flatNumber': { zh: '房号', en: 'flat number' },
  'label.licenceNo': { zh: '营业执照号', en: 'business licence number' },
  'label.street': { zh: '街道', en: 'street' },
  'label.shopNumber': { zh: '门牌号', en: 'street number' },
  'label.shopName': { zh: '商铺名称', en: 'shop name' },
  'label.category': { zh: '经营类别', en: 'business category' },

  // Rules that name their field.
  'rule.enter': { zh: '请填写{label}', en: 'Enter the {label}' },
  'rule.invalid': { zh: '{label}格式不正确', en: 'The {label} is not in a valid format' },
  'rule.tooLong': {
    zh: '{label}过长（最多 {max} 字）',
    en: 'The {label} is too long (at most {max} characters)',
  },
  'rule.dateFormat': { zh: '{label}应为 YYYY-MM-DD 格式', en: 'The {label} must be in YYYY-MM-DD format' },
  'rule.notADate': { zh: '{label}不是有效的日期', en: 'The {label} is not a valid date' },
  'rule.number': { zh: '{label}应为数字', en: 'The {label} must be a number' },
  'rule.int': { zh: '{label}应为整数', en: 'The {label} must be a whole number' },
  'rule.range': { zh: '{label}应为 {min}–{max}', en: 'The {label} must be between {min} and {max}' },
  'rule.phone': {
    zh: '{label}格式不正确：应为 11 位手机号（1 开头）或带区号的固定电话，如 0371-12345678',
    en: 'The {label} is invalid: use an 11-digit mobile number (starting with 1) or a landline with area code, e.g. 0371-12345678',
  },

  // Identifiers in a request.
  'id.site': { zh: '小区编号无效', en: 'Invalid compound ID' },
  'id.room': { zh: '房屋编号无效', en: 'Invalid room ID' },
  'id.person': { zh: '人员编号无效', en: 'Invalid person ID' },
  'id.landlord': { zh: '房东人员编号无效', en: 'Invalid landlord person ID' },
  'id.tenant': { zh: '租户人员编号无效', en: 'Invalid tenant person ID' },
  'id.operator': { zh: '经营者人员编号无效', en: 'Invalid operator person ID' },

  // The resident ID number (GB 11643).
  'idNumber.format': {
    zh: '身份证号应为 18 位，前 17 位为数字，末位为数字或 X',
    en: 'The ID number must have 18 characters: 17 digits, then a digit or X',
  },
  'idNumber.region': {
    zh: '身份证号前两位不是有效的省级行政区划代码',
    en: 'The first two digits of the ID number are not a valid province code',
  },
  'idNumber.birthDate': { zh: '身份证号中的出生日期无效', en: 'The birth date in the ID number is invalid' },
  'idNumber.futureBirthDate': {
    zh: '身份证号中的出生日期晚于今天',
    en: 'The birth date in the ID number is after today',
  },
  'idNumber.checkDigit': {
    zh: '身份证号校验位错误（GB 11643）',
    en: 'The ID number’s check character is wrong (GB 11643)',
  },

  // The collection form.
  'person.nameChars': {
    zh: '姓名只能包含汉字、字母和间隔号“·”',
    en: 'The name may only contain Chinese characters, letters and the separator “·”',
  },
  'person.gender': { zh: '性别应为 male（男）或 female（女）', en: 'Gender must be male or female' },
  'person.ethnicity': {
    zh: '民族应为 56 个民族之一，如“汉族”',
    en: 'Ethnicity must be one of the 56 ethnic groups, e.g. “汉族” (Han)',
  },
  'person.careFlag': {
    zh: '特殊关怀标记应为 elderly_alone（独居老人）或 disability（残疾人）',
    en: 'Care flags must be elderly_alone (elderly living alone) or disability',
  },
  'person.careFlagDuplicate': { zh: '特殊关怀标记重复', en: 'Duplicate care flag' },
  'person.plate': {
    zh: '车牌号格式不正确，如 豫A12345 或新能源 豫AD12345',
    en: 'Invalid licence plate, e.g. “豫A12345” or (new energy) “豫AD12345”',
  },
  'person.platesMax': { zh: '车牌号最多登记 5 个', en: 'At most 5 licence plates' },
  'person.regionCode': {
    zh: '户籍地行政区划代码应为 6 位数字，如 410105',
    en: 'The household registration region code must be 6 digits, e.g. 410105',
  },
  'person.relation': {
    zh: '与户主关系不在可选范围内',
    en: 'The relation to the household head is not one of the options',
  },
  'person.placementType': {
    zh: '居住类型应为业主、家庭成员、商户经营者或从业人员（租户请通过租赁登记办理）',
    en: 'Residency type must be owner, family member, shop operator or employee (register tenants through a tenancy)',
  },

  // Tenancy forms.
  'tenancy.rentNumber': { zh: '月租金应为数字', en: 'The monthly rent must be a number' },
  'tenancy.rentNegative': { zh: '月租金不能为负数', en: 'The monthly rent cannot be negative' },
  'tenancy.rentTooLarge': { zh: '月租金过大', en: 'The monthly rent is too large' },
  'tenancy.tenantsMin': { zh: '请至少登记一名租户', en: 'Register at least one tenant' },
  'tenancy.tenantsMax': { zh: '一份合同最多 20 名租户', en: 'A contract can have at most 20 tenants' },
  'tenancy.keepTenant': { zh: '请至少保留一名租户', en: 'Keep at least one tenant' },

  // Compound structure forms.
  'structure.area': { zh: '面积应为数字（平方米）', en: 'The area must be a number (square metres)' },
  'structure.areaPositive': { zh: '面积应大于 0', en: 'The area must be greater than 0' },
  'structure.areaMax': {
    zh: '面积过大（最多 10000 平方米）',
    en: 'The area is too large (at most 10000 square metres)',
  },
  'structure.flatNumberLong': {
    zh: '房号过长（最多 8 位）',
    en: 'The flat number is too long (at most 8 characters)',
  },
  'structure.flatNumberChars': {
    zh: '房号只能包含数字和字母，如 1501',
    en: 'The flat number may only contain digits and letters, e.g. 1501',
  },
  'structure.skipFloorsMax': { zh: '不设房屋的楼层过多', en: 'Too many floors without flats' },
  'structure.skipFloorBeyond': {
    zh: '不设房屋的楼层 {floor} 超出楼层数（共 {floors} 层）',
    en: 'Floor {floor} without flats is beyond the building’s {floors} floors',
  },
  'structure.allFloorsSkipped': {
    zh: '每一层都不设房屋，楼栋将没有房屋',
    en: 'Every floor is without flats, so the building would have none',
  },
  'structure.licence': {
    zh: '营业执照号应为 18 位统一社会信用代码（末位校验码正确）',
    en: 'The business licence number must be an 18-character unified social credit code (with a valid check character)',
  },
  'structure.streetChars': {
    zh: '街道名称不能包含“-”或空格',
    en: 'The street name cannot contain “-” or spaces',
  },
  'structure.shopNumberLong': {
    zh: '门牌号过长（最多 6 位）',
    en: 'The street number is too long (at most 6 characters)',
  },
  'structure.shopNumberChars': {
    zh: '门牌号只能包含数字和字母，如 018',
    en: 'The street number may only contain digits and letters, e.g. 018',
  },
  'structure.shopStatus': {
    zh: '营业状态应为 open（营业）或 closed（停业）',
    en: 'Business status must be open or closed',
  },

  // Enum values as people read them.
  'type.owner': { zh: '业主', en: 'Owner' },
  'type.family': { zh: '家庭成员', en: 'Family member' },
  'type.tenant': { zh: '租户', en: 'Tenant' },
  'type.shop_operator': { zh: '商户经营者', en: 'Shop operator' },
  'type.employee': { zh: '从业人员', en: 'Employee' },
  'relation.head': { zh: '户主', en: 'Head' },
  'relation.spouse': { zh: '配偶', en: 'Spouse' },
  'relation.child': { zh: '子女', en: 'Child' },
  'relation.child_in_law': { zh: '儿媳/女婿', en: 'Child-in-law' },
  'relation.parent': { zh: '父母', en: 'Parent' },
  'relation.grandparent': { zh: '祖父母/外祖父母', en: 'Grandparent' },
  'relation.grandchild': { zh: '孙子女/外孙子女', en: 'Grandchild' },
  'relation.sibling': { zh: '兄弟姐妹', en: 'Sibling' },
  'relation.other': { zh: '其他', en: 'Other' },
  'occupancy.owner_occupied': { zh: '自住', en: 'Owner-occupied' },
  'occupancy.rented': { zh: '出租', en: 'Rented' },
  'occupancy.vacant': { zh: '空置', en: 'Vacant' },
  'occupancy.shop': { zh: '商铺', en: 'Shop' },
  'occupancy.unverified': { zh: '待核实', en: 'Unverified' },
  'care.elderly_alone': { zh: '独居老人', en: 'Elderly living alone' },
  'care.disability': { zh: '残疾人', en: 'Disability' },
  'status.pending': { zh: '尚未生效', en: 'Not yet valid' },
  'status.active': { zh: '有效', en: 'Valid' },
  'status.expired': { zh: '合同已到期，请重新登记', en: 'Contract expired — re-register' },
  'status.ended': { zh: '已迁出', en: 'Moved out' },
});
