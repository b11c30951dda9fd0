/**
 * The sample organisation `legible serve --demo` seeds: people, four teams, their OKR files for
 * the current and the previous quarter, how each key result's values move week by week, team
 * check-ins, requests and decisions. Plain data; seed-demo.ts turns it into service calls with
 * dates relative to the clock. Some key results are flawed on purpose (tasks, no baseline, a
 * number in an objective, a lopsided set), so the linter has something to say.
 */

export const DEMO_PASSWORD = 'legible-demo';

export interface DemoPerson {
  email: string;
  name: string;
  admin?: boolean;
}

export const PEOPLE: DemoPerson[] = [
  { email: 'amara@example.com', name: 'Amara Okafor', admin: true },
  { email: 'priya@example.com', name: 'Priya Natarajan' },
  { email: 'tom@example.com', name: 'Tom Becker' },
  { email: 'lucia@example.com', name: 'Lucía Gómez' },
  { email: 'kenji@example.com', name: 'Kenji Watanabe' },
  { email: 'olga@example.com', name: 'Olga Petrova' },
  { email: 'marcus@example.com', name: 'Marcus Reed' },
  { email: 'aisha@example.com', name: 'Aisha Bello' },
  { email: 'jonas@example.com', name: 'Jonas Lind' },
  { email: 'mei@example.com', name: 'Mei Chen' },
  { email: 'ravi@example.com', name: 'Ravi Kumar' },
  { email: 'sam@example.com', name: 'Sam Adeyemi' },
  { email: 'elena@example.com', name: 'Elena Rossi' },
];

export interface DemoTeam {
  slug: string;
  name: string;
  /** 0 = Sunday … 6 = Saturday. */
  weekday: number;
  everyWeeks: number;
  owner: string;
  members: string[];
  viewers: string[];
}

export const TEAMS: DemoTeam[] = [
  {
    slug: 'payments',
    name: 'Payments',
    weekday: 1,
    everyWeeks: 1,
    owner: 'priya@example.com',
    members: ['tom@example.com', 'lucia@example.com'],
    viewers: ['sam@example.com', 'elena@example.com'],
  },
  {
    slug: 'platform',
    name: 'Platform',
    weekday: 4,
    everyWeeks: 1,
    owner: 'kenji@example.com',
    members: ['olga@example.com', 'marcus@example.com'],
    viewers: ['elena@example.com'],
  },
  {
    slug: 'mobile',
    name: 'Mobile',
    weekday: 2,
    everyWeeks: 1,
    owner: 'aisha@example.com',
    members: ['jonas@example.com', 'lucia@example.com'],
    viewers: ['elena@example.com'],
  },
  {
    slug: 'data',
    name: 'Data',
    weekday: 3,
    everyWeeks: 2,
    owner: 'mei@example.com',
    members: ['ravi@example.com'],
    viewers: ['sam@example.com', 'elena@example.com'],
  },
];

/** The OKR file of each team for the current quarter (`CYCLE` is replaced by its id). */
export const CURRENT_OKRS: Record<string, string> = {
  payments: `version: 1
team: payments
cycle: CYCLE
objectives:
  - key: checkout-reliability
    title: Make checkout something customers never have to retry
    why: Failed checkouts cost us about 4% of orders and half of our support tickets
    category: reliability
    commitment: committed
    key_results:
      - key: failed-checkouts
        title: Reduce failed checkout attempts from 2.4% to 1.7%
        metric: { name: failed checkout rate, unit: "%", baseline: 2.4, target: 1.7, direction: decrease }
        caveats:
          - kind: noisy
            note: weekend traffic moves the rate by about 15%; compare week on week
        initiatives:
          - { title: Retry card authorisations once on network timeouts, status: done }
          - { title: Keep 3-D Secure in the page instead of a redirect, status: in-progress }
      - key: checkout-p95
        title: Reduce p95 checkout latency from 1200 ms to 800 ms
        metric: { name: p95 checkout latency, unit: ms, baseline: 1200, target: 800, direction: decrease }
      - key: retry-logic
        title: Ship new retry logic
  - key: self-serve-onboarding
    title: New merchants can start selling without talking to us
    why: Every onboarding call costs two hours of someone's week, and merchants who wait churn
    category: customer
    commitment: aspirational
    key_results:
      - key: first-payment-24h
        title: Increase merchants taking a first payment within 24 hours of sign-up from 35% to 60%
        metric: { name: merchants paid within 24 h, unit: "%", baseline: 35, target: 60, direction: increase }
      - key: onboarding-tickets
        title: Reduce onboarding support tickets per new merchant from 1.8 to 0.5
        caveats:
          - kind: incomplete-baseline
            note: the baseline is the last 8 weeks of tickets; tagging was inconsistent before that
      - key: blog-posts
        title: Publish 4 blog posts about onboarding
guardrails:
  - title: Chargeback rate stays below 0.5%
    metric: { name: chargeback rate, unit: "%", target: 0.5, direction: at-most }
`,
  platform: `version: 1
team: platform
cycle: CYCLE
objectives:
  - key: safe-deploys
    title: Ship changes safely in hours, not days
    category: capability
    commitment: aspirational
    key_results:
      - key: lead-time
        title: Reduce median lead time for changes from 72 hours to 4 hours
        metric: { name: median lead time for changes, unit: hours, baseline: 72, target: 4, direction: decrease }
        initiatives:
          - { title: Merge queue for the monorepo, status: done }
          - { title: Canary every deploy for 30 minutes, status: in-progress }
      - key: change-failure-rate
        title: Reduce change failure rate from 14% to 8%
        caveats:
          - kind: incomplete-baseline
            note: only deploys through the new pipeline are counted (about 70% of them)
      - key: deploys-per-week
        title: Increase production deploys per week from 12 to 40
  - key: incident-response
    title: Find and fix incidents before customers notice
    category: reliability
    commitment: committed
    key_results:
      - key: diagnosis-time
        title: Reduce average incident diagnosis time from 40 minutes to 15 minutes
        caveats:
          - kind: noisy
            note: a few incidents a week, so one long incident moves the average a lot
      - key: customer-detected
        title: Reduce incidents first reported by customers from 45% to 15%
      - key: runbooks
        title: Write runbooks for the top 10 alerts
  - key: dev-environment
    title: New engineers ship on their first day
    category: customer
    commitment: aspirational
    key_results:
      - key: first-build-time
        title: Reduce time to a first local build for a new engineer from 16 hours to 1 hour
      - key: first-change-days
        title: Reduce days until a new engineer's first change reaches production from 12 to 2
guardrails:
  - title: Error budget burn of the public API stays under 100% each month
`,
  mobile: `version: 1
team: mobile
cycle: CYCLE
objectives:
  - key: crash-free
    title: The app never gets in the way of paying
    category: reliability
    commitment: committed
    key_results:
      - key: crash-free-sessions
        title: Increase crash-free sessions from 99.2% to 99.8%
        metric: { name: crash-free sessions, unit: "%", baseline: 99.2, target: 99.8, direction: increase }
        caveats:
          - kind: noisy
            note: a release day can swing it by 0.2 points before the fix rolls out
      - key: cold-start
        title: Reduce p90 cold start time on Android from 4.1 s to 2.5 s
  - key: repeat-use
    title: Shoppers come back to the app on their own
    category: customer
    commitment: aspirational
    key_results:
      - key: weekly-returning
        title: Increase weekly returning shoppers from 18% to 25%
        caveats:
          - kind: proxy
            note: returning shoppers stand in for loyalty; we do not measure intent
      - key: app-rating
        title: Raise the app store rating to 4.6
      - key: onboarding-flow
        title: Launch the redesigned onboarding flow
  - key: release-train
    title: Release every week without a release captain
    category: capability
    commitment: aspirational
    key_results:
      - key: release-prep
        title: Reduce release preparation time from 6 hours to 30 minutes
`,
  data: `version: 1
team: data
cycle: CYCLE
objectives:
  - key: trusted-numbers
    title: Leaders trust the numbers in the weekly business review
    category: customer
    commitment: committed
    key_results:
      - key: fresh-numbers
        title: Increase business-review numbers less than an hour old from 60% to 95%
      - key: data-incidents
        title: Reduce data incidents reported by dashboard users from 6 per month to 1 per month
  - key: self-serve-analytics
    title: Product teams answer their own questions
    category: capability
    commitment: aspirational
    key_results:
      - key: self-serve-share
        title: Increase questions answered without a data ticket from 30% to 70%
        caveats:
          - kind: proxy
            note: we count closed questions in the analytics channel, not whether the answer was right
      - key: dbt-migration
        title: Migrate all models to dbt
  - key: data-quality
    title: Improve data quality to 99%
    category: reliability
    key_results:
      - key: failing-tests
        title: Reduce failing data tests per day from 25 to 5
guardrails:
  - title: Warehouse cost stays under $40k a month
`,
};

/** The previous quarter, complete: two teams, to show grades and a finished cycle. */
export const PREVIOUS_OKRS: Record<string, string> = {
  payments: `version: 1
team: payments
cycle: CYCLE
objectives:
  - key: fewer-declines
    title: Good customers are not turned away at checkout
    category: customer
    commitment: committed
    key_results:
      - key: false-declines
        title: Reduce false fraud declines from 1.9% to 1.0%
      - key: checkout-conversion
        title: Increase checkout conversion from 61% to 66%
  - key: payouts-on-time
    title: Merchants are paid on time, every time
    category: reliability
    commitment: committed
    key_results:
      - key: late-payouts
        title: Reduce late payouts from 3.1% to 0.5%
      - key: payout-tickets
        title: Reduce payout support tickets from 120 to 40 a month
`,
  platform: `version: 1
team: platform
cycle: CYCLE
objectives:
  - key: observability
    title: Every service tells us when it is unhealthy
    category: reliability
    commitment: committed
    key_results:
      - key: alert-first
        title: Increase incidents caught by an alert before anyone reports them from 20% to 80%
      - key: noisy-pages
        title: Reduce pages that need no action from 60% to 20%
  - key: faster-ci
    title: Engineers wait less for CI
    category: capability
    commitment: aspirational
    key_results:
      - key: ci-median
        title: Reduce median CI time from 22 minutes to 8 minutes
      - key: flaky-reruns
        title: Reduce builds rerun because of flaky tests from 18% to 5%
`,
};

/** The previous quarter's team check-ins, week by week: [what changed, what we learned]. */
export const PREVIOUS_TEAM_CHECK_INS: Record<string, Array<readonly [string, string]>> = {
  payments: [
    [
      'Agreed the quarter: false declines and late payouts first, conversion as the result we expect from both.',
      'Nobody could say how many payouts were late last quarter; the baseline came from a one-off query.',
    ],
    [
      'The fraud model now sees the device fingerprint; false declines dipped in the first days.',
      'Half of the false declines are returning customers on a new phone.',
    ],
    [
      'Late payouts are counted by a scheduled query instead of by hand.',
      'The hand count missed payouts delayed by the bank holiday, so the baseline was low.',
    ],
    [
      'Rolled the new fraud rules out to 50% of traffic.',
      'Conversion does not move with false declines week by week: too many other things move it.',
    ],
    [
      'Payout retries now back off instead of failing at the first bank error.',
      'Most late payouts were one bank timing out at month end.',
    ],
    [
      'Fraud rules at 100%. Chargebacks stayed flat, which was the worry.',
      'Watching chargebacks beside false declines kept the change honest.',
    ],
    [
      'Published a payout status page for merchants.',
      'Tickets asking "where is my money" fell in the first week; the other kinds did not.',
    ],
    [
      'Quiet week: no release, numbers held.',
      'A flat week after a big change is information too: the gain is not a novelty effect.',
    ],
    ['Second bank integration moved to the new retry path.', 'The month-end spike was smaller, not gone.'],
    [
      'Checkout conversion is behind pace: about 63% against the 66% we committed to.',
      'The checkout redesign it depended on slipped to next quarter; we should have said so in week 4.',
    ],
    [
      'Late payouts are under 1%; the last cases are manual reviews held over weekends.',
      'The remaining delay is a staffing question, not a software one.',
    ],
    [
      'Weekend review rota for held payouts, agreed with operations.',
      'Agreeing it took one meeting once the numbers showed where the time went.',
    ],
    [
      'Closing the quarter: late payouts near the 0.5% target, false declines still above 1.0%.',
      'Next quarter starts from the real baselines, not the guesses we began this one with.',
    ],
  ],
  platform: [
    [
      'Agreed the quarter: alerts that catch incidents first, pages worth waking up for, faster CI.',
      'Only 1 in 5 incidents was caught by an alert; most were reported by another team.',
    ],
    [
      'Tagged every page of the last quarter as actionable or not.',
      '60% of pages needed no action; three alerts made up most of them.',
    ],
    [
      'Deleted the three noisiest alerts and replaced one with an SLO burn-rate alert.',
      'Nobody missed the deleted alerts.',
    ],
    [
      'Flaky tests go into quarantine with an owner each.',
      'Reruns dropped fastest in the services with an active owner.',
    ],
    [
      'Burn-rate alerts for the checkout and payouts services.',
      'The first real incident after the change was caught by an alert, 12 minutes before a report.',
    ],
    [
      'CI caches dependencies between runs; median CI time fell by about a quarter.',
      'The cache helps the median more than the slow tail; the tail is the integration suite.',
    ],
    [
      'Split the integration suite into four shards.',
      'Sharding exposed order-dependent tests that had passed by luck.',
    ],
    [
      'Fixed the order-dependent tests; quarantine is down to 9 tests.',
      'Quarantine only works while each test has an owner who looks at it.',
    ],
    [
      'Burn-rate alerts for the rest of the tier-1 services.',
      'Teams that wrote their own SLOs tuned them faster than those we wrote for.',
    ],
    [
      'Median CI time around 12 minutes; builds rerun for flakiness under 10%.',
      'CI time is aspirational and on target; the last minutes are in image builds.',
    ],
    [
      'Pages needing no action have stalled around 40%.',
      'The rest are alerts other teams own: we cannot delete those, only ask.',
    ],
    [
      'Image builds reuse layers; median CI time about 11 minutes.',
      'Engineers noticed the faster builds before the chart did.',
    ],
    [
      'Closing the quarter: alerts catch more than 80% of incidents first; noisy pages far short of 20%.',
      'Next quarter: the alerts other teams own, with their owners in the room.',
    ],
  ],
};

export type Shape = 'linear' | 'early' | 'late' | 'stall' | 'setback';

/** How a key result's value moves over the quarter's 13 weeks. */
export interface Series {
  team: string;
  key: string;
  /** Value in week 0 and where the trend ends in week 12. */
  start: number;
  end: number;
  shape: Shape;
  /** Standard deviation of week-to-week noise. */
  noise: number;
  decimals: number;
  /** Explicit values by week instead of a trend (a rollout, a count). */
  values?: number[];
  /** Confidence (0–10) at the start and at the end of the quarter. */
  confidence: [number, number];
  /** No check-ins after this many days before now: the stale key result. */
  silentForDays?: number;
  /** Daily values from a data source (Prometheus), with a weekend effect. */
  daily?: { sourceRef: string; weekendFactor: number };
  notes: string[];
}

export const CURRENT_SERIES: Series[] = [
  {
    team: 'payments',
    key: 'failed-checkouts',
    start: 2.4,
    end: 1.8,
    shape: 'early',
    noise: 0.07,
    decimals: 2,
    confidence: [6, 7],
    daily: {
      sourceRef: 'prometheus: sum(rate(checkout_failed_total[1d])) / sum(rate(checkout_attempts_total[1d]))',
      weekendFactor: 1.15,
    },
    notes: [
      'Timeout retries are live for cards; the drop is mostly Visa timeouts.',
      'Weekend spike again, Monday back to trend.',
      'The 3-D Secure iframe is in A/B; early numbers look good.',
      'Flat this week: one acquirer had a partial outage on Thursday.',
      'Below 2% for the first time.',
    ],
  },
  {
    team: 'payments',
    key: 'checkout-p95',
    start: 1200,
    end: 930,
    shape: 'linear',
    noise: 35,
    decimals: 0,
    confidence: [5, 5],
    notes: [
      'Fraud scoring call moved off the critical path.',
      'Latency budget agreed with the risk team.',
      'Regression from the new address form; fix in review.',
    ],
  },
  {
    team: 'payments',
    key: 'abandoned-after-timeout',
    start: 0.9,
    end: 0.45,
    shape: 'early',
    noise: 0.05,
    decimals: 2,
    confidence: [6, 7],
    notes: [
      'First full week on the new key result; baseline confirmed at 0.9%.',
      'Retries now idempotent: no double charges in the logs.',
    ],
  },
  {
    team: 'payments',
    key: 'first-payment-24h',
    start: 35,
    end: 47,
    shape: 'late',
    noise: 1.5,
    decimals: 1,
    confidence: [5, 4],
    notes: [
      'Bank verification still takes a day for a third of merchants.',
      'Instant verification pilot with two banks started.',
      'Signed-up-on-Friday merchants drag this down; looking at weekend payouts.',
    ],
  },
  {
    team: 'payments',
    key: 'onboarding-tickets',
    start: 1.8,
    end: 1.1,
    shape: 'linear',
    noise: 0.12,
    decimals: 2,
    confidence: [6, 5],
    silentForDays: 22,
    notes: [
      'New setup checklist shipped; tickets about API keys dropped.',
      'Ticket tagging fixed, numbers comparable now.',
    ],
  },
  {
    team: 'payments',
    key: 'blog-posts',
    start: 0,
    end: 3,
    shape: 'linear',
    noise: 0,
    decimals: 0,
    values: [0, 0, 1, 1, 1, 2, 2, 2, 3, 3, 3, 3, 4],
    confidence: [8, 8],
    notes: ['Post on instant payouts is out.', 'Nobody can tell whether the posts change anything.'],
  },
  {
    team: 'platform',
    key: 'lead-time',
    start: 72,
    end: 9,
    shape: 'early',
    noise: 4,
    decimals: 0,
    confidence: [5, 7],
    notes: [
      'Merge queue live for the monorepo: waiting for a green main is gone.',
      'Canary stage adds 30 minutes but removed the manual approval.',
      'Two services still deploy by hand; migrating them next.',
    ],
  },
  {
    team: 'platform',
    key: 'change-failure-rate',
    start: 14,
    end: 9.5,
    shape: 'linear',
    noise: 1.2,
    decimals: 1,
    confidence: [6, 6],
    notes: ['Canary caught two bad deploys this week.', 'Counting rollbacks and hotfixes the same way now.'],
  },
  {
    team: 'platform',
    key: 'deploys-per-week',
    start: 12,
    end: 31,
    shape: 'early',
    noise: 3,
    decimals: 0,
    confidence: [6, 6],
    notes: ['Freeze for the holiday sale this week.', 'Mobile backend deploys daily now.'],
  },
  {
    team: 'platform',
    key: 'diagnosis-time',
    start: 40,
    end: 21,
    shape: 'setback',
    noise: 5,
    decimals: 0,
    confidence: [5, 6],
    notes: [
      'One 2-hour incident (DNS) dominates this week.',
      'Service dashboards linked from every alert now.',
      'Tracing for the payment path is the missing piece.',
    ],
  },
  {
    team: 'platform',
    key: 'customer-detected',
    start: 45,
    end: 28,
    shape: 'linear',
    noise: 6,
    decimals: 0,
    confidence: [4, 5],
    notes: ['Synthetic checks for login and checkout caught the last two before customers.'],
  },
  {
    team: 'platform',
    key: 'runbooks',
    start: 0,
    end: 7,
    shape: 'linear',
    noise: 0,
    decimals: 0,
    values: [0, 1, 2, 2, 3, 4, 4, 5, 6, 6, 7, 7, 8],
    confidence: [8, 8],
    notes: ['Runbooks help, but on-call says the alerts themselves are the problem.'],
  },
  {
    team: 'platform',
    key: 'first-build-time',
    start: 16,
    end: 2,
    shape: 'early',
    noise: 0.6,
    decimals: 1,
    confidence: [6, 8],
    notes: ['Dev containers ready for the two biggest repos.', 'New joiner built and shipped on day one.'],
  },
  {
    team: 'platform',
    key: 'first-change-days',
    start: 12,
    end: 4,
    shape: 'late',
    noise: 1,
    decimals: 0,
    confidence: [5, 6],
    notes: ['Two of three joiners this month merged in week one.'],
  },
  {
    team: 'mobile',
    key: 'crash-free-sessions',
    start: 99.2,
    end: 99.65,
    shape: 'setback',
    noise: 0.05,
    decimals: 2,
    confidence: [7, 6],
    daily: { sourceRef: 'prometheus: crash_free_sessions_ratio{app="shop"} * 100', weekendFactor: 1 },
    notes: [
      'Release 5.12 crashed on Android 9; hotfix out in a day.',
      'Top crash (image cache) fixed.',
      'Steady week, no release.',
    ],
  },
  {
    team: 'mobile',
    key: 'cold-start',
    start: 4.1,
    end: 3.0,
    shape: 'linear',
    noise: 0.12,
    decimals: 2,
    confidence: [5, 5],
    notes: [
      'Lazy-loading the catalogue module saved 400 ms.',
      'Measured on low-end devices only from now on.',
    ],
  },
  {
    team: 'mobile',
    key: 'weekly-returning',
    start: 18,
    end: 21.5,
    shape: 'late',
    noise: 0.6,
    decimals: 1,
    confidence: [5, 4],
    notes: ['Push reminders A/B test started.', 'Holiday traffic inflates this; comparing with last year.'],
  },
  {
    team: 'mobile',
    key: 'app-rating',
    start: 4.3,
    end: 4.45,
    shape: 'linear',
    noise: 0.03,
    decimals: 2,
    confidence: [5, 5],
    notes: ['Ratings prompt moved after a successful payment.'],
  },
  {
    team: 'mobile',
    key: 'onboarding-flow',
    start: 0,
    end: 100,
    shape: 'linear',
    noise: 0,
    decimals: 0,
    values: [0, 0, 0, 0, 5, 5, 20, 50, 50, 100, 100, 100, 100],
    confidence: [7, 8],
    notes: ['Rolled out to 5% of new installs.', 'At 100%: but did it change anything for shoppers?'],
  },
  {
    team: 'mobile',
    key: 'release-prep',
    start: 360,
    end: 60,
    shape: 'early',
    noise: 20,
    decimals: 0,
    confidence: [5, 7],
    notes: [
      'Release notes generated from merged PRs.',
      'Screenshots automated; store review is the long pole now.',
    ],
  },
  {
    team: 'data',
    key: 'fresh-numbers',
    start: 60,
    end: 88,
    shape: 'early',
    noise: 2.5,
    decimals: 0,
    confidence: [6, 7],
    notes: [
      'Moved the finance models to hourly incremental loads.',
      'Marketing dashboards still on a nightly export.',
    ],
  },
  {
    team: 'data',
    key: 'data-incidents',
    start: 6,
    end: 3,
    shape: 'linear',
    noise: 0.8,
    decimals: 0,
    confidence: [5, 5],
    notes: ['Two incidents, both from a renamed column upstream.'],
  },
  {
    team: 'data',
    key: 'self-serve-share',
    start: 30,
    end: 44,
    shape: 'late',
    noise: 3,
    decimals: 0,
    confidence: [4, 4],
    notes: ['Office hours are busier, tickets fewer.', 'Semantic layer for orders and merchants is live.'],
  },
  {
    team: 'data',
    key: 'dbt-migration',
    start: 0,
    end: 140,
    shape: 'linear',
    noise: 4,
    decimals: 0,
    confidence: [6, 6],
    notes: ['140 of 210 models migrated; the legacy ones are the hard part.'],
  },
  {
    team: 'data',
    key: 'failing-tests',
    start: 25,
    end: 9,
    shape: 'early',
    noise: 2,
    decimals: 0,
    confidence: [6, 7],
    notes: ['Deleted 40 tests nobody owned; fixed the rest.', 'Freshness tests now page the owning team.'],
  },
];

export const PREVIOUS_SERIES: Series[] = [
  {
    team: 'payments',
    key: 'payout-tickets',
    start: 120,
    end: 52,
    shape: 'linear',
    noise: 6,
    decimals: 0,
    confidence: [6, 6],
    notes: ['Payout status page for merchants.'],
  },
  {
    team: 'platform',
    key: 'flaky-reruns',
    start: 18,
    end: 6,
    shape: 'early',
    noise: 1,
    decimals: 0,
    confidence: [6, 8],
    notes: ['Quarantine for flaky tests, with an owner each.'],
  },
  {
    team: 'payments',
    key: 'false-declines',
    start: 1.9,
    end: 1.15,
    shape: 'early',
    noise: 0.06,
    decimals: 2,
    confidence: [6, 7],
    notes: ['New fraud model in shadow mode.', 'Model live for cards from the EU.'],
  },
  {
    team: 'payments',
    key: 'checkout-conversion',
    start: 61,
    end: 64.2,
    shape: 'linear',
    noise: 0.5,
    decimals: 1,
    confidence: [6, 5],
    notes: ['Saved cards for returning shoppers.'],
  },
  {
    team: 'payments',
    key: 'late-payouts',
    start: 3.1,
    end: 0.4,
    shape: 'early',
    noise: 0.15,
    decimals: 2,
    confidence: [7, 9],
    notes: ['Payout batches now run hourly.'],
  },
  {
    team: 'platform',
    key: 'alert-first',
    start: 20,
    end: 85,
    shape: 'linear',
    noise: 3,
    decimals: 0,
    confidence: [6, 9],
    notes: ['SLO alerts in the service template.'],
  },
  {
    team: 'platform',
    key: 'noisy-pages',
    start: 60,
    end: 38,
    shape: 'stall',
    noise: 3,
    decimals: 0,
    confidence: [6, 4],
    notes: ['The legacy queue produces most of the noise now.'],
  },
  {
    team: 'platform',
    key: 'ci-median',
    start: 22,
    end: 11,
    shape: 'early',
    noise: 0.8,
    decimals: 1,
    confidence: [5, 6],
    notes: ['Test sharding on 8 runners.'],
  },
];

/** A team check-in in the week it is written (0 = the first week of the quarter). */
export interface DemoTeamCheckIn {
  team: string;
  week: number;
  whatChanged: string;
  whatLearned: string;
  offPath?: Array<{ key: string; note: string }>;
  stopDoing?: string | Array<{ title: string; reason: string }>;
}

export const TEAM_CHECK_INS: DemoTeamCheckIn[] = [
  {
    team: 'payments',
    week: 0,
    whatChanged:
      'Agreed the quarter. The linter flagged "Ship new retry logic" and the blog posts as tasks; we kept them for now.',
    whatLearned:
      'Nobody knew the onboarding-ticket baseline; we took it from the last 8 weeks of support tags.',
  },
  {
    team: 'payments',
    week: 1,
    whatChanged:
      'Timeout retries live for card payments. Failed checkouts down a little, inside the weekend noise.',
    whatLearned: 'Most failures are acquirer timeouts, not declines: retries help, fraud rules do not.',
  },
  {
    team: 'payments',
    week: 2,
    whatChanged: 'Setup checklist for new merchants shipped.',
    whatLearned:
      'Merchants who sign up on Friday wait for Monday bank checks: a third of the 24-hour misses.',
    stopDoing: [
      {
        title: 'Weekly onboarding webinar',
        reason: 'Three attendees in four weeks; the checklist answers the same questions.',
      },
    ],
  },
  {
    team: 'payments',
    week: 3,
    whatChanged: 'Retry logic shipped to all traffic.',
    whatLearned: '"Ship new retry logic" is done, yet it says nothing about whether customers retry less.',
    offPath: [
      {
        key: 'retry-logic',
        note: 'It is a task and it is done; the outcome we care about is fewer checkouts abandoned after a timeout.',
      },
    ],
  },
  {
    team: 'payments',
    week: 4,
    whatChanged:
      'Replaced the retry-logic key result with abandoned checkouts after a timeout (baseline 0.9%).',
    whatLearned: 'Declined the finance export request: it serves no objective and the API export covers it.',
    stopDoing:
      'Estimating blog posts in sprint planning: they are marketing work, and they do not move a key result.',
  },
  {
    team: 'payments',
    week: 5,
    whatChanged: '3-D Secure in an iframe for 50% of card payments.',
    whatLearned: 'The latency key result is behind pace; fraud scoring is the biggest part of p95.',
  },
  {
    team: 'payments',
    week: 7,
    whatChanged: 'Instant bank verification with two banks.',
    whatLearned:
      'The onboarding-tickets number went silent because the support export broke; nobody noticed for weeks.',
  },
  {
    team: 'payments',
    week: 8,
    whatChanged: 'Failed checkouts below 2% for two weeks in a row.',
    whatLearned: 'Week-on-week comparison hides less than daily charts: the weekend spike is still there.',
  },
  {
    team: 'platform',
    week: 0,
    whatChanged: 'Agreed the quarter; diagnosis time and customer-detected incidents are committed.',
    whatLearned: 'We could not measure change failure rate for hand-deployed services: caveat added.',
  },
  {
    team: 'platform',
    week: 1,
    whatChanged: 'Merge queue live for the monorepo.',
    whatLearned: 'Half of our lead time was waiting for a green main, not review.',
  },
  {
    team: 'platform',
    week: 3,
    whatChanged: 'Alerts link to service dashboards; first runbooks written.',
    whatLearned: 'On-call reads dashboards, not runbooks: the runbook key result counts our output.',
    offPath: [
      {
        key: 'runbooks',
        note: 'Counting runbooks measures our work; diagnosis time already measures the outcome.',
      },
    ],
    stopDoing: [
      {
        title: 'Writing runbooks for alerts that never fire',
        reason: 'Seven of the top ten alerts fired less than once a month.',
      },
    ],
  },
  {
    team: 'platform',
    week: 5,
    whatChanged:
      'Retargeted diagnosis time to 20 minutes: tracing for the payment path moved to next quarter.',
    whatLearned: 'Without traces we cannot get below about 20 minutes on cross-service incidents.',
  },
  {
    team: 'platform',
    week: 6,
    whatChanged: 'Canary stage for every deploy.',
    whatLearned: 'The canary caught two bad deploys; change failure rate is moving.',
  },
  {
    team: 'platform',
    week: 8,
    whatChanged: 'Dev containers for the two biggest repos.',
    whatLearned: 'A new joiner shipped on day one; the first-build key result is close.',
  },
  {
    team: 'mobile',
    week: 0,
    whatChanged:
      'Agreed the quarter. The app-rating key result has no baseline yet (4.3 on Android, 4.4 on iOS).',
    whatLearned: 'We have three crash dashboards that disagree; picked the Play/App Store one.',
  },
  {
    team: 'mobile',
    week: 2,
    whatChanged: 'Release 5.12 crashed on Android 9 for a day.',
    whatLearned: 'Staged rollouts would have caught it at 5%.',
    stopDoing: [
      {
        title: 'Releasing to 100% on day one',
        reason: 'Staged rollouts catch crashes before most shoppers see them.',
      },
    ],
  },
  {
    team: 'mobile',
    week: 4,
    whatChanged: 'Redesigned onboarding at 5% of installs.',
    whatLearned:
      '"Launch the redesigned onboarding flow" will be done soon, but returning shoppers is what we want from it.',
  },
  {
    team: 'mobile',
    week: 6,
    whatChanged: 'Cold start down 0.6 s after lazy-loading the catalogue.',
    whatLearned: 'Low-end Android devices are most of the p90; we test on them first now.',
  },
  {
    team: 'data',
    week: 0,
    whatChanged:
      'Agreed the quarter. "Improve data quality to 99%" got a linter warning; kept it while we find a better measure.',
    whatLearned: 'Nobody owns a third of the data tests.',
  },
  {
    team: 'data',
    week: 2,
    whatChanged: 'Finance models on hourly loads.',
    whatLearned: 'Freshness matters most on Monday morning before the business review.',
    stopDoing: [
      {
        title: 'Building one-off campaign dashboards',
        reason: 'They are used for a week and then go stale.',
      },
    ],
  },
  {
    team: 'data',
    week: 4,
    whatChanged: 'Deleted 40 unowned tests, fixed the rest.',
    whatLearned: 'Failing tests that nobody reads are worse than no tests.',
  },
  {
    team: 'data',
    week: 6,
    whatChanged: 'Semantic layer for orders and merchants.',
    whatLearned: 'Questions in the analytics channel get answered by other product people now.',
  },
];

export interface DemoRequest {
  team: string;
  week: number;
  title: string;
  description: string;
  requester: string;
  decision?:
    | { status: 'accepted'; objective?: string; keyResult?: string; expectedEffect: string }
    | { status: 'declined'; reason: string }
    | { status: 'deferred'; reason: string; deferWeeks?: number };
}

export const REQUESTS: DemoRequest[] = [
  {
    team: 'payments',
    week: 2,
    title: 'Support Apple Pay in the web checkout',
    description: 'Shoppers on iPhone abandon at the card form.',
    requester: 'Growth team',
    decision: {
      status: 'accepted',
      keyResult: 'failed-checkouts',
      expectedEffect: 'Fewer card-form failures on iOS: about a tenth of failed attempts today.',
    },
  },
  {
    team: 'payments',
    week: 3,
    title: 'Custom CSV export of refunds for finance',
    description: 'A monthly file with refunds by merchant category.',
    requester: 'Finance',
    decision: {
      status: 'declined',
      reason:
        'It serves none of our objectives this quarter, and the refunds API export already has these fields: we showed finance how.',
    },
  },
  {
    team: 'payments',
    week: 4,
    title: 'Add PayPal as a payment method',
    description: 'Asked for by three large merchants.',
    requester: 'Sales',
    decision: {
      status: 'deferred',
      reason:
        'Worth doing, but not while checkout reliability is the committed objective; revisit in next quarter planning.',
      deferWeeks: 8,
    },
  },
  {
    team: 'platform',
    week: 2,
    title: 'A dedicated staging cluster for the mobile backend',
    description: 'Mobile releases wait for the shared staging environment.',
    requester: 'Mobile',
    decision: {
      status: 'accepted',
      objective: 'safe-deploys',
      expectedEffect: 'Removes a queue from mobile backend deploys: lead time and deploys per week.',
    },
  },
  {
    team: 'platform',
    week: 5,
    title: 'Upgrade every service to the new logging library',
    description: 'The old one is unmaintained.',
    requester: 'Security',
    decision: {
      status: 'declined',
      reason:
        'No objective or guardrail needs it this quarter; security agreed it can wait for the next dependency sweep.',
    },
  },
  {
    team: 'mobile',
    week: 3,
    title: 'Dark mode',
    description: 'The most-requested feature in app reviews.',
    requester: 'Support',
    decision: {
      status: 'deferred',
      reason:
        'Shoppers ask for it, but crash-free sessions and cold start come first; revisit when the rating key result is reviewed.',
    },
  },
  {
    team: 'data',
    week: 3,
    title: 'Dashboard for the winter campaign',
    description: 'Daily sign-ups and revenue by campaign code.',
    requester: 'Marketing',
    decision: {
      status: 'declined',
      reason:
        'We stopped building one-off campaign dashboards; the semantic layer lets marketing build it in an hour.',
    },
  },
  {
    team: 'data',
    week: 7,
    title: 'Merchant churn model',
    description: 'Predict which merchants will leave in the next 90 days.',
    requester: 'Customer success',
  },
];

export interface DemoDecision {
  team: string;
  week: number;
  title: string;
  rationale: string;
  objectives?: string[];
  keyResults?: string[];
  /** Titles of requests of the same team. */
  requests?: string[];
}

export const DECISIONS: DemoDecision[] = [
  {
    team: 'payments',
    week: 1,
    title: 'Retry card authorisations once on a network timeout, never on a decline',
    rationale:
      'Timeouts are most of the failed attempts; retrying declines would raise fraud flags with acquirers.',
    objectives: ['checkout-reliability'],
    keyResults: ['failed-checkouts'],
  },
  {
    team: 'payments',
    week: 4,
    title: 'Replace "Ship new retry logic" with checkouts abandoned after a timeout',
    rationale:
      'The retry logic shipped; the change we want is that customers stop giving up. The team check-in of week 4 named it off path.',
    keyResults: ['abandoned-after-timeout'],
  },
  {
    team: 'payments',
    week: 4,
    title: 'Point finance to the refunds API export instead of a custom CSV',
    rationale: 'The export has every field finance asked for; a custom file would need an owner forever.',
    requests: ['Custom CSV export of refunds for finance'],
  },
  {
    team: 'platform',
    week: 5,
    title: 'Move distributed tracing for the payment path to next quarter',
    rationale: 'It needs changes in four teams; diagnosis time is retargeted to 20 minutes until it lands.',
    objectives: ['incident-response'],
    keyResults: ['diagnosis-time'],
  },
  {
    team: 'platform',
    week: 6,
    title: 'Canary every deploy for 30 minutes before full rollout',
    rationale: 'Two of the last five incidents were bad deploys that a canary would have stopped.',
    keyResults: ['change-failure-rate', 'lead-time'],
    requests: ['A dedicated staging cluster for the mobile backend'],
  },
  {
    team: 'mobile',
    week: 3,
    title: 'Staged rollouts for every release',
    rationale: 'Release 5.12 crashed for everyone on Android 9 for a day; 5% first would have contained it.',
    objectives: ['crash-free'],
    keyResults: ['crash-free-sessions'],
  },
];
