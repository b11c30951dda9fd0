/**
 * English word lists for reading key results. Verbs are listed by their base form; every
 * inflection (ships, shipped, shipping) is generated. The lists are the linguistic knowledge of
 * `kr-activity`: extending them is how the rule learns a new way people write.
 */

/** Verbs that move a measure (the shape of an outcome). */
export const MOVE_VERBS = [
  'increase', 'grow', 'raise', 'boost', 'lift', 'improve', 'expand', 'double', 'triple', 'quadruple',
  'maximize', 'maximise', 'accelerate', 'enhance', 'elevate', 'uplift', 'strengthen', 'widen', 'deepen',
  'reduce', 'decrease', 'cut', 'lower', 'drop', 'shrink', 'halve', 'minimize', 'minimise', 'eliminate',
  'slash', 'trim', 'shorten', 'lessen', 'curb', 'compress', 'decline', 'speed', 'quicken', 'tighten',
  'stabilize', 'stabilise', 'optimise', 'optimize', 'climb', 'rise', 'jump', 'fall', 'speed',
] as const;

/** Verbs that name a state to reach or hold (outcome-shaped when their object is a measure). */
export const STATE_VERBS = [
  'achieve', 'reach', 'maintain', 'keep', 'hit', 'attain', 'sustain', 'stay', 'remain', 'ensure',
  'exceed', 'surpass', 'beat', 'meet', 'get', 'have', 'be', 'see', 'operate', 'average', 'score',
  'rank', 'top', 'preserve', 'guarantee', 'outperform', 'break', 'cross', 'clear', 'end',
] as const;

/**
 * Verbs whose object is a result (customers, revenue, deals): an outcome whenever they count
 * something, unless what they count is the team's own output.
 */
export const STRONG_RESULT_VERBS = [
  'acquire', 'win', 'generate', 'earn', 'sell', 'retain', 'convert', 'save', 'gain', 'attract', 'reactivate',
  'renew', 'upsell', 'close', 'land', 'bring', 'capture', 'sign', 'book', 'secure', 'raise', 'recover',
  'prevent', 'avoid', 'serve', 'reach', 'engage', 'activate', 'return',
] as const;

/** Verbs whose object decides: a result noun or a measure makes an outcome, anything else work. */
export const RESULT_VERBS = [
  ...STRONG_RESULT_VERBS,
  'obtain', 'receive', 'process', 'handle', 'support', 'resolve', 'respond', 'answer', 'detect', 'catch',
  'enable', 'collect', 'deliver', 'cover', 'fulfil', 'fulfill', 'power', 'bill', 'add', 'get', 'onboard',
  'pass', 'hold', 'finish',
] as const;

/** Verbs that name work or making (the shape of a task). */
export const DOING_VERBS = [
  'ship', 'launch', 'release', 'build', 'create', 'write', 'publish', 'implement', 'develop', 'design',
  'deploy', 'migrate', 'complete', 'finish', 'deliver', 'set', 'setup', 'define', 'document', 'hold', 'run',
  'conduct', 'organize', 'organise', 'host', 'hire', 'recruit', 'train', 'roll', 'introduce', 'add', 'integrate',
  'refactor', 'upgrade', 'rewrite', 'research', 'investigate', 'evaluate', 'analyse', 'analyze', 'consult',
  'help', 'support', 'participate', 'attend', 'assess', 'review', 'audit', 'plan', 'prepare', 'draft', 'start',
  'kick', 'explore', 'pilot', 'establish', 'automate', 'deprecate', 'decommission', 'remove', 'replace',
  'containerize', 'containerise', 'consolidate', 'standardize', 'standardise', 'update', 'fix', 'patch',
  'merge', 'test', 'validate', 'identify', 'map', 'interview', 'survey', 'gather', 'send', 'email', 'call',
  'contact', 'visit', 'present', 'provide', 'offer', 'adopt', 'port', 'instrument', 'track', 'measure',
  'produce', 'make', 'open', 'enter', 'certify', 'finalize', 'finalise', 'negotiate', 'mentor', 'coach',
  'teach', 'learn', 'read', 'study', 'speak', 'submit', 'file', 'apply', 'register', 'buy', 'purchase',
  'procure', 'install', 'configure', 'provision', 'spin', 'stand', 'sunset', 'retire', 'archive', 'clean',
  'tidy', 'schedule', 'arrange', 'coordinate', 'facilitate', 'lead', 'own', 'manage', 'champion', 'promote',
  'advertise', 'post', 'tweet', 'blog', 'record', 'film', 'translate', 'localize', 'localise', 'redesign',
  'revamp', 'overhaul', 'rebuild', 're-architect', 'rearchitect', 'modernize', 'modernise', 'harden',
  'secure', 'encrypt', 'enable', 'disable', 'onboard', 'benchmark', 'prototype', 'spike', 'discover',
  'brainstorm', 'workshop', 'sync', 'align', 'agree', 'approve', 'sign', 'communicate', 'announce',
  'share', 'distribute', 'circulate', 'compile', 'collect', 'summarize', 'summarise', 'report', 'monitor',
  'maintain', 'continue', 'do', 'work', 'begin', 'initiate', 'launch', 'formalize', 'formalise', 'outline',
  'specify', 'sketch', 'wireframe', 'mock', 'code', 'program', 'script', 'refine', 'rework', 'revise',
  'restructure', 'reorganize', 'reorganise', 'split', 'extract', 'decouple', 'unify', 'centralize',
  'centralise', 'adapt', 'customize', 'customise', 'connect', 'link', 'embed', 'expose', 'publish',
  'upload', 'download', 'import', 'export', 'backfill', 'seed', 'populate', 'label', 'tag', 'categorize',
  'categorise', 'classify', 'triage', 'groom', 'prioritize', 'prioritise', 'estimate', 'scope', 'budget',
  'allocate', 'assign', 'staff', 'appoint', 'nominate', 'elect', 'form', 'found', 'incorporate', 'partner',
  'sponsor', 'fund', 'invest', 'pitch', 'demo', 'showcase', 'exhibit', 'attend', 'travel', 'relocate',
  'move', 'transition', 'switch', 'convert', 'transform', 'digitize', 'digitise', 'institute', 'roll-out',
  'rollout', 'go', 'get', 'put', 'give', 'run', 'create', 'complete', 'carry', 'perform', 'execute',
  'undertake', 'wire', 'hook', 'plug', 'bake', 'refresh', 'replatform', 'rebrand', 'relaunch', 'rename',
  'tune', 'tweak', 'polish', 'bump', 'pin', 'fork', 'offboard', 'ramp', 'dogfood', 'shadow', 'poll',
  'rotate', 'revoke', 'purge', 'delete', 'drop', 'kill', 'enforce', 'roll-out', 'adopt', 'hand', 'transfer',
  'close', 'finish', 'hold', 'run', 'complete', 'land',
] as const;

/** Participles and adjectives that report work as done ("Onboarding flow redesigned", "Kafka migration done"). */
export const DONE_WORDS = [
  'done', 'completed', 'complete', 'finished', 'shipped', 'launched', 'live', 'released', 'deployed',
  'implemented', 'delivered', 'migrated', 'published', 'rolled out', 'in place', 'set up', 'built', 'created',
  'written', 'signed off', 'approved', 'established', 'in production', 'ga', 'available', 'ready', 'merged',
  'decommissioned', 'deprecated', 'retired', 'redesigned', 'rewritten', 'refactored', 'upgraded', 'replaced',
  'documented', 'defined', 'introduced', 'integrated', 'automated', 'configured', 'installed', 'hired',
  'onboarded', 'trained', 'held', 'organized', 'organised', 'hosted', 'conducted', 'prepared', 'drafted',
  'reviewed', 'audited', 'certified', 'adopted', 'enabled', 'in use', 'operational', 'up and running',
  'kicked off', 'started', 'planned', 'agreed', 'signed', 'submitted', 'containerized', 'containerised',
] as const;

/**
 * Nouns that name a result or a measure of a state (outcome material). Matched as whole words,
 * also inside compounds ("checkout conversion rate").
 */
export const RESULT_NOUNS = [
  'rate', 'rates', 'ratio', 'percentage', 'share', 'proportion', 'time', 'times', 'latency', 'duration',
  'mttr', 'mttd', 'mtta', 'mtbf', 'mttf', 'uptime', 'availability', 'reliability', 'error', 'errors',
  'failure', 'failures', 'incident', 'incidents', 'outage', 'outages', 'downtime', 'defect', 'defects',
  'bug', 'bugs', 'churn', 'retention', 'conversion', 'conversions', 'revenue', 'arr', 'mrr', 'sales',
  'profit', 'profitability', 'margin', 'margins', 'cost', 'costs', 'spend', 'spending', 'savings', 'nps',
  'enps', 'csat', 'ces', 'satisfaction', 'score', 'scores', 'rating', 'ratings', 'engagement', 'adoption',
  'usage', 'users', 'user', 'customers', 'customer', 'clients', 'subscribers', 'subscriptions', 'signups',
  'sign-ups', 'registrations', 'leads', 'mqls', 'sqls', 'pipeline', 'deals', 'bookings', 'orders',
  'transactions', 'purchases', 'downloads', 'installs', 'visits', 'visitors', 'traffic', 'sessions',
  'pageviews', 'views', 'clicks', 'ctr', 'followers', 'dau', 'mau', 'wau', 'gmv', 'aov', 'ltv', 'cac',
  'arpu', 'roi', 'roas', 'ebitda', 'runway', 'burn', 'payback', 'throughput', 'frequency', 'velocity',
  'complaints', 'escalations', 'toil', 'coverage', 'accuracy', 'precision', 'recall', 'quality',
  'performance', 'speed', 'backlog', 'attrition', 'turnover', 'referrals', 'reviews', 'stars',
  'ranking', 'rank', 'renewal', 'renewals', 'expansion', 'upsell', 'dropout', 'enrollment', 'enrolment',
  'attendance', 'donations', 'donors', 'volunteers', 'apdex', 'slo', 'slos', 'sla', 'slas', 'crashes',
  'crash', 'flakiness', 'rollbacks', 'vulnerabilities', 'cves', 'findings', 'p50', 'p75', 'p90', 'p95',
  'p99', 'p999', 'hours', 'days', 'minutes', 'seconds', 'weeks', 'budget', 'headroom', 'capacity',
  'utilization', 'utilisation', 'efficiency', 'productivity', 'wait', 'queue', 'abandonment', 'bounce',
  'repeat', 'loyalty', 'wins', 'win', 'income', 'earnings', 'bookings', 'occupancy', 'yield',
  'participation', 'completion', 'completions', 'activation', 'activations', 'trials', 'paying',
  'pass', 'uptake', 'awareness', 'reach', 'impressions', 'mentions', 'sentiment', 'trust', 'morale',
  'happiness', 'wellbeing', 'burnout', 'tickets', 'contacts', 'calls', 'pages', 'alerts', 'requests',
  'mau', 'qps', 'rps', 'ttfb', 'lcp', 'fcp', 'cls', 'inp', 'tti', 'fps', 'crash-free', 'leakage',
  'losses', 'loss', 'fraud', 'chargebacks', 'refunds', 'returns', 'dso', 'accuracy',
  'exposure', 'risk', 'risks', 'debt', 'waste', 'rework', 'overtime', 'delays', 'delay', 'lead',
  'cycle', 'recovery', 'resolution', 'response', 'installs', 'retained', 'active', 'nrr', 'grr',
] as const;

/**
 * Nouns that name the team's own outputs: artifacts, events, effort. A count of these is a count
 * of work, not of change.
 */
export const OUTPUT_NOUNS = [
  'post', 'posts', 'blog', 'blogs', 'article', 'articles', 'video', 'videos', 'podcast', 'podcasts',
  'episode', 'episodes', 'webinar', 'webinars', 'event', 'events', 'workshop', 'workshops', 'training',
  'trainings', 'session', 'meeting', 'meetings', 'meetup', 'meetups', 'talk', 'talks', 'presentation',
  'presentations', 'demo', 'demos', 'interview', 'interviews', 'survey', 'surveys', 'campaign',
  'campaigns', 'newsletter', 'newsletters', 'feature', 'features', 'prototype', 'prototypes', 'mvp',
  'poc', 'runbook', 'runbooks', 'playbook', 'playbooks', 'doc', 'docs', 'documentation', 'document',
  'documents', 'guide', 'guides', 'tutorial', 'tutorials', 'dashboard', 'dashboards', 'report', 'reports',
  'spec', 'specs', 'specification', 'rfc', 'rfcs', 'roadmap', 'strategy', 'framework', 'process', 'policy',
  'policies', 'template', 'templates', 'checklist', 'checklists', 'course', 'courses', 'module', 'modules',
  'lesson', 'lessons', 'test', 'tests', 'case', 'cases', 'pr', 'prs', 'commits', 'stories', 'story',
  'points', 'epics', 'tasks', 'hires', 'engineers', 'engineer', 'developers', 'people', 'candidates',
  'designers', 'hire', 'headcount', 'microservices', 'services', 'endpoints', 'apis', 'api', 'integrations',
  'integration', 'landing', 'website', 'site', 'app', 'tool', 'tools', 'platform', 'system', 'library',
  'sdk', 'cli', 'scripts', 'script', 'automation', 'automations', 'bot', 'monitors', 'okrs', 'retros',
  'retrospectives', 'offsite', 'offsites', 'hackathon', 'hackathons', 'studies', 'whitepaper',
  'whitepapers', 'ebook', 'ebooks', 'press', 'tweets', 'ads', 'plan', 'plans', 'proposal', 'proposals',
  'pilot', 'pilots', 'experiments', 'experiment', 'tickets', 'issues', 'items', 'releases', 'release',
  'version', 'v1', 'v2', 'migration', 'refactor', 'redesign', 'rewrite', 'upgrade', 'rollout', 'launch',
  'implementation', 'deployment', 'deliverables', 'milestones', 'milestone', 'backlog', 'pages', 'page',
  'screens', 'flows', 'flow', 'component', 'components', 'design', 'designs', 'mockups', 'wireframes',
  'assets', 'creatives', 'content', 'pieces', 'calls', 'emails', 'outreach', 'visits', 'sprints',
  'standups', 'reviews', 'audits', 'assessments', 'evaluations', 'analyses', 'analysis', 'research',
  'hours', 'classes', 'certifications', 'partnerships', 'contracts', 'sessions', 'lines', 'agreements', 'slides',
  'deck', 'decks', 'kb', 'faq', 'faqs', 'help', 'wiki', 'handbook', 'onboarding', 'program', 'programme',
  'initiative', 'initiatives', 'project', 'projects', 'repo', 'repos', 'repositories', 'pipelines',
  'jobs', 'alerts', 'rules', 'queries', 'reports', 'okr', 'roles', 'positions', 'mentors', 'mentees',
  'ambassadors', 'champions', 'volunteers', 'members', 'speakers', 'booths', 'conferences',
] as const;

/** Things people do or use: a share of them doing something is adoption (an outcome). */
export const PEOPLE_NOUNS = [
  'users', 'customers', 'clients', 'teams', 'engineers', 'developers', 'employees', 'staff', 'people',
  'members', 'students', 'merchants', 'sellers', 'buyers', 'partners', 'agents', 'reps', 'managers',
  'squads', 'accounts', 'tenants', 'patients', 'learners', 'visitors', 'subscribers', 'drivers',
  'riders', 'hosts', 'guests', 'shoppers', 'players', 'creators', 'advertisers', 'organizations',
  'organisations', 'companies', 'businesses', 'stores', 'schools', 'hospitals', 'departments', 'orgs',
  'consumers', 'integrators', 'adopters', 'contributors', 'maintainers', 'publishers', 'vendors', 'suppliers',
  'families', 'households', 'logos', 'prospects', 'donors', 'volunteers', 'parents', 'citizens', 'residents',
  'clinics', 'brands', 'partners', 'resellers', 'distributors', 'travellers', 'travelers', 'fans', 'readers',
  'listeners', 'viewers', 'attendees', 'alumni', 'graduates', 'applicants', 'candidates', 'hires',
] as const;

/** Milestones and certifications: done/not done. */
export const MILESTONE_WORDS = [
  'certification', 'certified', 'certificate', 'accreditation', 'soc', 'soc2', 'iso', 'hipaa', 'gdpr',
  'pci', 'fedramp', 'go-live', 'golive', 'ga', 'general availability', 'beta', 'alpha', 'sign-off',
  'signoff', 'approval', 'license', 'licence', 'patent', 'funding round', 'series', 'audit', 'launch',
  'milestone', 'compliance', 'compliant', 'mvp', 'v1', 'v2', 'v3', '1.0', '2.0', 'parity', 'opinion',
  'attestation', 'accreditation', 'award', 'designation', 'go-ahead', 'greenlight', 'sign-off', 'launch',
] as const;

/** Words at the start that carry no meaning for the classification ("We will", "Team to", "By Q3,"). */
export const PREAMBLE =
  /^(?:(?:by|before|in|during|within|until|for|this|next|the|end of|eo)\s+(?:the\s+)?(?:end\s+of\s+)?(?:q[1-4]|h[12]|fy\s*\d*|\d{4}|quarter|half|year|month|sprint|cycle|week\s*\d*|january|february|march|april|may|june|july|august|september|october|november|december|jan|feb|mar|apr|jun|jul|aug|sep|sept|oct|nov|dec)(?:\s+\d{4})?\s*[,:-]?\s*|q[1-4]\s*[,:-]\s*|(?:we|i|the team|team|our team|they|you|engineering|eng)\s+(?:will|shall|must|should|need to|needs to|want to|aim to|plan to|are going to|is going to|to)\s+|(?:to|will|aim to|goal:?|target:?|kr:?|objective:?)\s+|(?:successfully|fully|effectively|significantly|dramatically|substantially|materially|further|continuously|consistently|measurably|proactively|actively|reliably)\s+)+/i;

/**
 * Verbs that are also the first word of common metric names ("deploy frequency", "build time",
 * "test coverage", "support tickets"): a noun phrase, not an instruction, when a measure follows.
 */
export const NOUN_LIKE_VERBS = [
  'support', 'test', 'review', 'design', 'release', 'deploy', 'change', 'build', 'report', 'plan', 'process',
  'run', 'check', 'search', 'sign', 'order', 'request', 'return', 'help', 'track', 'feedback', 'page', 'load',
  'response', 'resolution', 'onboarding', 'checkout', 'signup', 'sign-up', 'login', 'log-in', 'merge',
  'incident', 'recovery', 'lead', 'cycle', 'queue', 'wait', 'cost', 'spend', 'hire', 'offer', 'pass', 'win',
  'close', 'renewal', 'ticket', 'call', 'email', 'crash', 'error', 'time', 'scale', 'price', 'drop', 'uptime',
] as const;
