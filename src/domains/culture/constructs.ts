/** The seven constructs of a customer-focused service culture (PRODUCT.md), in the order shown. */
export const CONSTRUCTS = [
  'strategy',
  'characteristics',
  'commander',
  'commitment',
  'communication',
  'competency',
  'consequence',
] as const;
export type Construct = (typeof CONSTRUCTS)[number];

export const CONSTRUCT_LABELS: Record<Construct, string> = {
  strategy: 'Customer-focused strategy',
  characteristics: 'Characteristics',
  commander: 'Commander-in-chief',
  commitment: 'Commitment',
  communication: 'Communication',
  competency: 'Competency',
  consequence: 'Consequence',
};

export const ENPS_QUESTION = 'How likely are you to recommend working here to a friend?';
export const COMMENT_PROMPT = 'Anything else you want leaders to know? (optional, anonymous)';

/**
 * The default statement bank, written for Serviceloop: each is agreed with on 1 (strongly
 * disagree) … 5 (strongly agree), so that agreement is always the favourable answer.
 */
export const DEFAULT_STATEMENTS: Record<Construct, readonly string[]> = {
  strategy: [
    'I know which customers we serve and which we do not.',
    'I can explain our service priorities in my own words.',
    'Our targets tell me how we are doing for customers, not just for the business.',
  ],
  characteristics: [
    'When quality and cost pull in different directions, I know which one we choose.',
    'What makes our service different from our competitors is clear to me.',
    'The way we work day to day matches the service we promise customers.',
  ],
  commander: [
    'Our leaders visibly live the service priorities they ask of us.',
    'Senior leaders spend time with customers and with the people who serve them.',
    'My manager backs me when I do the right thing for a customer.',
  ],
  commitment: [
    'I care about how the customers I serve feel when they leave us.',
    'I would go out of my way to put a customer’s problem right.',
    'People here take ownership instead of passing customers on.',
  ],
  communication: [
    'I hear what customers say about our service soon after they say it.',
    'I get immediate, factual feedback on how I serve customers.',
    'When something changes, I hear about it before customers do.',
  ],
  competency: [
    'I have the training I need to serve customers well.',
    'I am allowed to decide on the spot to fix a customer’s problem.',
    'I have the tools and information to answer customers the first time.',
  ],
  consequence: [
    'My manager notices when I go out of my way for a customer.',
    'Effort is recognised here, not only success.',
    'Poor service is addressed fairly and quickly.',
    'We celebrate when we get it right for customers.',
  ],
};

/** Agreement 4 or 5 is favourable. */
export const FAVOURABLE_FROM = 4;
