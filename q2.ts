import { parseOkrText } from './src/core/okr-file/parse.ts';
const y = `version: 1
team: payments
cycle: 2026-Q5
objectives:
  - title: Improve checkout reliability
    category: reliabilty
    key_results:
      - title: Reduce failed checkout attempts by 30 percent
        metrc: 1
        metric:
          baseline: 2.4 %
      - key: a
        title: x
  - title: Second
    key_results:
      - key: a
        title: y
`;
console.log(JSON.stringify(parseOkrText(y, { file: 'p.yaml' }), null, 1));
console.log(JSON.stringify(parseOkrText('{"version": 1, "team": "x",, }', { file: 'p.json' }), null, 1));
const ok = parseOkrText(y.replace('Q5','Q4').replace('reliabilty','reliability').replace('        metrc: 1\n','').replace('2.4 %','2.4').replace('key: a\n        title: y','key: b\n        title: y'), { file: 'p.yaml' });
console.log(JSON.stringify(ok.ok && {doc: ok.files[0].document, pos: [...ok.files[0].positions]}, null, 0));
