/** Draft a key result with the linter reading it as you type, in English or Chinese. */
import { useState } from 'react';
import { LiveLintField } from '../components/live-lint.js';
import { PageTitle } from '../components/ui.js';

const EXAMPLES = [
  'Ship new retry logic',
  'Reduce failed checkout attempts from 2.4% to 1.7%',
  'Reduce average incident diagnosis time from 40 minutes to 15 minutes',
  'Publish 4 blog posts about onboarding',
  '编写运维手册',
  '将平均故障诊断时间从40分钟降至15分钟',
];

export function DraftPage() {
  const [text, setText] = useState('');
  return (
    <div className="narrow-wide">
      <PageTitle title="Draft a key result">Draft a key result</PageTitle>
      <p className="lead">
        A key result is evidence of a change — a metric moving from a baseline to a target — not a task. Write
        one and the linter says how it reads it, what is missing and how to fix it. Nothing is saved.
      </p>
      <div className="card">
        <LiveLintField
          label="Key result"
          value={text}
          onChange={setText}
          hint="English or Chinese, e.g. “Reduce p95 checkout latency from 900 ms to 400 ms” or “将部署时间从2小时缩短到15分钟”."
        />
      </div>
      <section aria-labelledby="examples-heading" className="examples">
        <h2 id="examples-heading">Try an example</h2>
        <ul>
          {EXAMPLES.map((e) => (
            <li key={e}>
              <button
                type="button"
                className="link-button"
                onClick={() => setText(e)}
                lang={/[\u4e00-\u9fff]/.test(e) ? 'zh' : 'en'}
              >
                {e}
              </button>
            </li>
          ))}
        </ul>
      </section>
    </div>
  );
}
