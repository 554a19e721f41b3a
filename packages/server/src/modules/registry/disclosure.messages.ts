import { defineMessages } from '@anju/contracts';

/**
 * The household registration by name (disclosure.ts): the province-level divisions of GB/T 2260
 * by the first two digits of a region code, and how a province and the compound's city combine.
 */
export const disclosureMessages = defineMessages('registry.disclosure', {
  'province.11': { zh: '北京市', en: 'Beijing' },
  'province.12': { zh: '天津市', en: 'Tianjin' },
  'province.13': { zh: '河北省', en: 'Hebei' },
  'province.14': { zh: '山西省', en: 'Shanxi' },
  'province.15': { zh: '内蒙古自治区', en: 'Inner Mongolia' },
  'province.21': { zh: '辽宁省', en: 'Liaoning' },
  'province.22': { zh: '吉林省', en: 'Jilin' },
  'province.23': { zh: '黑龙江省', en: 'Heilongjiang' },
  'province.31': { zh: '上海市', en: 'Shanghai' },
  'province.32': { zh: '江苏省', en: 'Jiangsu' },
  'province.33': { zh: '浙江省', en: 'Zhejiang' },
  'province.34': { zh: '安徽省', en: 'Anhui' },
  'province.35': { zh: '福建省', en: 'Fujian' },
  'province.36': { zh: '江西省', en: 'Jiangxi' },
  'province.37': { zh: '山东省', en: 'Shandong' },
  'province.41': { zh: '河南省', en: 'Henan' },
  'province.42': { zh: '湖北省', en: 'Hubei' },
  'province.43': { zh: '湖南省', en: 'Hunan' },
  'province.44': { zh: '广东省', en: 'Guangdong' },
  'province.45': { zh: '广西壮族自治区', en: 'Guangxi' },
  'province.46': { zh: '海南省', en: 'Hainan' },
  'province.50': { zh: '重庆市', en: 'Chongqing' },
  'province.51': { zh: '四川省', en: 'Sichuan' },
  'province.52': { zh: '贵州省', en: 'Guizhou' },
  'province.53': { zh: '云南省', en: 'Yunnan' },
  'province.54': { zh: '西藏自治区', en: 'Tibet' },
  'province.61': { zh: '陕西省', en: 'Shaanxi' },
  'province.62': { zh: '甘肃省', en: 'Gansu' },
  'province.63': { zh: '青海省', en: 'Qinghai' },
  'province.64': { zh: '宁夏回族自治区', en: 'Ningxia' },
  'province.65': { zh: '新疆维吾尔自治区', en: 'Xinjiang' },
  'province.71': { zh: '台湾省', en: 'Taiwan' },
  'province.81': { zh: '香港特别行政区', en: 'Hong Kong' },
  'province.82': { zh: '澳门特别行政区', en: 'Macao' },
  /** A province and the compound's own city (河南省郑州市; Zhengzhou, Henan). */
  provinceAndCity: { zh: '{province}{city}', en: '{city}, {province}' },
});
