import { defineMessages } from '@anju/contracts';

/**
 * What every spreadsheet import says (read.ts, import-job.ts): why a file is refused as a whole
 * and how a job ended. Row and column messages are the importing module's own.
 */
export const importMessages = defineMessages('platform.import', {
  // A file refused as a whole.
  'file.unreadable': {
    zh: '无法读取 Excel 文件，请确认是 .xlsx 格式',
    en: 'Cannot read the Excel file; make sure it is .xlsx',
  },
  'file.noSheet': { zh: 'Excel 文件中没有工作表', en: 'The Excel file has no worksheet' },
  'file.tooManyRows': {
    zh: '一次最多导入 {max} 行，请拆分文件',
    en: 'At most {max} rows per import; split the file',
  },
  'file.zipBomb': {
    zh: 'Excel 文件的压缩比异常（疑似压缩炸弹），已拒绝',
    en: 'The Excel file’s compression ratio is abnormal (a suspected zip bomb); refused',
  },
  'file.tooLarge': {
    zh: 'Excel 文件解压后超过 {mb} MB，请拆分文件或另存为 .csv 后导入',
    en: 'The Excel file inflates to more than {mb} MB; split it or save it as .csv and import that',
  },
  'file.wrongType': { zh: '只能导入 .xlsx 或 .csv 文件', en: 'Only .xlsx or .csv files can be imported' },
  'file.empty': { zh: '文件是空的', en: 'The file is empty' },
  'file.noRows': { zh: '文件中没有数据行', en: 'The file has no data rows' },

  // The job.
  'job.notFound': { zh: '导入任务不存在', en: 'Import job not found' },
  'job.invalidRows': {
    zh: '{rows} 行数据有误，未导入任何数据。请修正后重新导入，或选择“跳过错误行”。',
    en: '{rows} rows have errors, so nothing was imported. Fix them and import again, or choose “skip invalid rows”.',
  },
  'job.doneSkipped': {
    zh: '已导入 {imported} 行，跳过 {skipped} 行有误的数据',
    en: 'Imported {imported} rows; skipped {skipped} rows with errors',
  },
  'job.done': { zh: '已导入 {imported} 行', en: 'Imported {imported} rows' },
  'job.failed': {
    zh: '导入失败：处理时出错，未导入任何数据。请重试；如仍失败，请联系管理员',
    en: 'Import failed: an error occurred while processing; nothing was imported. Try again; if it fails again, contact the administrator',
  },
  'job.interrupted': {
    zh: '导入被中断（服务重启），未导入任何数据，请重新导入',
    en: 'The import was interrupted (the service restarted); nothing was imported. Import the file again',
  },
});
