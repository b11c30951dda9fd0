import { parseOkrCsv } from './src/core/okr-file/csv.ts';
const c = `团队,周期,目标,关键结果,类别,基线,目标值,单位
payments,2026-Q4,提升结账可靠性,将结账失败率从2.4%降至1.7%,可靠性,2.4%,1.7,%
payments,2026-Q4,,"上线新的重试逻辑
（多行）",,,,
payments,2026-Q4,,编写运维手册,,abc,,
`;
console.log(JSON.stringify(parseOkrCsv(c, { file: 'x.csv' }), null, 1));
console.log(JSON.stringify(parseOkrCsv(c.replace(',abc,',',,'), { file: 'x.csv' }), null, 0).slice(0, 900));
