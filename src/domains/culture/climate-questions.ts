import type { Construct } from './constructs.ts';

/**
 * The seven constructs of a customer-focused culture (seeds/001) and the twelve climate questions
 * (seeds/000), each question mapped to the construct it speaks to (docs/climate.md explains why).
 * The keys are stable: they are stored in climate answers; the construct keys are the pulse's
 * (constructs.ts), so the perception gap can join the two.
 */

/** 1 Not started … 5 Leading: the same five names for every question, described per question. */
export const MATURITY_LEVELS = [
  { level: 1, name: 'Not started' },
  { level: 2, name: 'Emerging' },
  { level: 3, name: 'Developing' },
  { level: 4, name: 'Established' },
  { level: 5, name: 'Leading' },
] as const;

export interface ClimateQuestion {
  key: string;
  text: string;
  construct: Construct;
  /** What each maturity level looks like for this question, from 1 to 5. */
  levels: readonly [string, string, string, string, string];
}

export const CLIMATE_QUESTIONS = [
  {
    key: 'strategy',
    text: 'What is the overall strategy for customer service?',
    construct: 'strategy',
    levels: [
      'There is no written customer-service strategy.',
      'A strategy exists in a few heads or an old document.',
      'A written strategy names the customers we serve, but not those we will not, nor the trade-offs.',
      'A written strategy names customers served and not served, trade-offs and dated targets.',
      'The strategy is reviewed on a schedule against what customers say, and everyone can state it.',
    ],
  },
  {
    key: 'communicated',
    text: 'How is it communicated?',
    construct: 'communication',
    levels: [
      'The strategy is not communicated.',
      'It was announced once.',
      'It is repeated in meetings, but nobody checks that it was understood.',
      'It is published to everyone, acknowledged, and leaders refer to it in daily decisions.',
      'Understanding is measured, gaps are followed up, and leaders are seen living it.',
    ],
  },
  {
    key: 'reward',
    text: 'How is it rewarded?',
    construct: 'consequence',
    levels: [
      'Customer service is not rewarded.',
      'Occasional rewards, unrelated to what customers say.',
      'Recognition happens, mostly from managers and mostly for big wins.',
      'Peers and managers recognise good service weekly, tied to real evidence.',
      'Recognition is frequent, fair across teams, covers effort as well as success, and reaches everyone.',
    ],
  },
  {
    key: 'processes',
    text: "How do the organisation's processes support the strategy?",
    construct: 'characteristics',
    levels: [
      'Processes are designed around internal convenience.',
      'Some processes have been reviewed from the customer’s side.',
      'Key processes have service standards, not always met.',
      'Processes have deadlines and owners; unhappy customers are followed up within them.',
      'Processes are redesigned from customer effort and root causes, and employees may decide on the spot.',
    ],
  },
  {
    key: 'measurement',
    text: 'How does management know where they are in relation to the strategy?',
    construct: 'commander',
    levels: [
      'Management does not measure customer service.',
      'Figures are looked at now and then, without targets.',
      'Customer scores are tracked, with a few targets.',
      'Dated targets are tracked monthly, with intervals, by team.',
      'Leaders review targets, trends and drivers regularly and act on them visibly.',
    ],
  },
  {
    key: 'perform_well',
    text: 'How does the organisation interact with employees when they perform well?',
    construct: 'consequence',
    levels: [
      'Good performance goes unnoticed.',
      'Praise is given at annual reviews.',
      'Managers praise good work when they happen to see it.',
      'Praise is immediate and factual, tied to what a customer said or a case.',
      'Everyone gets regular, specific praise; nobody goes unnoticed for long.',
    ],
  },
  {
    key: 'perform_poorly',
    text: 'How does the organisation interact with employees when they perform poorly?',
    construct: 'consequence',
    levels: [
      'Poor performance is ignored or punished.',
      'Problems are raised late, at reviews.',
      'Managers give feedback, but not soon after the event.',
      'Feedback is immediate, private, factual and tied to evidence; coaching follows.',
      'Feedback is a right; it comes quickly, leads to training, and the next results show the effect.',
    ],
  },
  {
    key: 'train_commitment',
    text: 'How do they train for commitment?',
    construct: 'commitment',
    levels: [
      'There is no training for commitment.',
      'Induction mentions values once.',
      'Values and the why of service are taught to new staff.',
      'Everyone takes commitment training, repeated and linked to the strategy.',
      'Commitment training is measured by its effect on engagement and customer scores.',
    ],
  },
  {
    key: 'train_competency',
    text: 'How do they train for competency?',
    construct: 'competency',
    levels: [
      'There is no service skills training.',
      'Product training only.',
      'Skills training exists, chosen by managers.',
      'Training is assigned from what customers say (themes, scores) and completion is tracked.',
      'Training is targeted, completed, and its effect on scores is measured.',
    ],
  },
  {
    key: 'connect_customer',
    text: 'How does the organisation connect with the customer?',
    construct: 'strategy',
    levels: [
      'Customers are not asked.',
      'An occasional survey, read by few.',
      'Regular surveys, results shared with management.',
      'Customers are asked after real interactions; every unhappy customer is followed up.',
      'Customers’ words reach the people who served them the same day, and the loop is closed.',
    ],
  },
  {
    key: 'celebrate_success',
    text: 'How does the organisation celebrate success?',
    construct: 'consequence',
    levels: [
      'Success is not celebrated.',
      'Big wins are mentioned once a year.',
      'Successes are shared in team meetings.',
      'Great service stories are published and celebrated as they happen.',
      'Celebration is part of every week, public, and includes customers’ own words.',
    ],
  },
  {
    key: 'celebrate_effort',
    text: 'How do they celebrate effort?',
    construct: 'commitment',
    levels: [
      'Only results count.',
      'Effort is noticed informally.',
      'Managers sometimes thank people for effort.',
      'Effort is recognised on purpose, alongside success.',
      'Effort is recognised as often as success, by peers and leaders alike.',
    ],
  },
] as const satisfies readonly ClimateQuestion[];

export type ClimateQuestionKey = (typeof CLIMATE_QUESTIONS)[number]['key'];
export const CLIMATE_QUESTION_KEYS = CLIMATE_QUESTIONS.map((q) => q.key) as [
  ClimateQuestionKey,
  ...ClimateQuestionKey[],
];
