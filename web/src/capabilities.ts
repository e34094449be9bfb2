import {
  type Icon,
  IconAddressBook,
  IconAlertOctagon,
  IconArrowsExchange,
  IconBroadcast,
  IconBuildingCommunity,
  IconChartBar,
  IconChecklist,
  IconClipboardList,
  IconCompass,
  IconFileImport,
  IconHeart,
  IconHeartbeat,
  IconHierarchy,
  IconHistory,
  IconHome,
  IconKey,
  IconLifebuoy,
  IconMessageDots,
  IconMessages,
  IconSchool,
  IconSparkles,
  IconTags,
  IconTarget,
  IconTemperature,
  IconTrophy,
  IconUsers,
  IconWebhook,
} from '@tabler/icons-react';

export interface Capability {
  label: string;
  path: string;
  icon: Icon;
  /** One sentence on what the capability does (from PRODUCT.md); shown on cards and placeholders. */
  description: string;
  /** Built pages have their own route; the rest show the "Not available yet" panel. */
  built: boolean;
}

export interface CapabilityGroup {
  /** `null` for a single capability shown without a group heading. */
  label: string | null;
  adminOnly?: boolean;
  items: Capability[];
}

export const capabilityGroups: CapabilityGroup[] = [
  {
    label: null,
    items: [
      {
        label: 'Home',
        path: '/',
        icon: IconHome,
        description:
          'What matters to you today: priorities to acknowledge, your cases, praise, feedback, training and targets.',
        built: true,
      },
    ],
  },
  {
    label: 'Voice of the customer',
    items: [
      {
        label: 'Surveys',
        path: '/surveys',
        icon: IconClipboardList,
        description:
          'NPS, CSAT, CES and custom surveys sent after real interactions by email link, embed, API or helpdesk webhook.',
        built: true,
      },
      {
        label: 'Responses',
        path: '/responses',
        icon: IconMessages,
        description:
          'What customers said, with score and comment, attributed to the employee and team who served them.',
        built: true,
      },
      {
        label: 'Comment themes',
        path: '/text',
        icon: IconTags,
        description:
          'How comments are read: sentiment, the themes your customers talk about, your own themes and model, and re-analysis.',
        built: true,
      },
      {
        label: 'Customers',
        path: '/customers',
        icon: IconAddressBook,
        description: 'The people you serve: contact details, consent, and every interaction and response.',
        built: true,
      },
      {
        label: 'Interactions',
        path: '/interactions',
        icon: IconArrowsExchange,
        description:
          'Every call, chat, visit and order from your helpdesk or CRM, with the team and people who served the customer.',
        built: true,
      },
    ],
  },
  {
    label: 'Analytics',
    items: [
      {
        label: 'Dashboards',
        path: '/analytics/dashboards',
        icon: IconChartBar,
        description:
          'NPS, CSAT and CES with margins of error, trends, key drivers, and team and employee views that are fair to small samples.',
        built: true,
      },
      {
        label: 'Targets',
        path: '/analytics/targets',
        icon: IconTarget,
        description: 'Metric targets from the strategy, with dates, and how far each team is from them.',
        built: true,
      },
    ],
  },
  {
    label: 'Close the loop',
    items: [
      {
        label: 'Cases',
        path: '/cases',
        icon: IconLifebuoy,
        description:
          'A case for every unhappy customer: owner, SLA, escalation, notes, root cause and recovery outcome, with on-the-spot empowerment limits per role.',
        built: true,
      },
    ],
  },
  {
    label: 'Recognition',
    items: [
      {
        label: 'Service wall',
        path: '/recognition/wall',
        icon: IconSparkles,
        description:
          'A bulletin board of great service stories, internal and, with consent, public, plus milestone celebrations.',
        built: true,
      },
      {
        label: 'My recognition',
        path: '/recognition/kudos',
        icon: IconHeart,
        description:
          'Peer and manager kudos tagged with values, for success and for effort, with points, reactions and suggestions when customers praise someone by name.',
        built: true,
      },
    ],
  },
  {
    label: null,
    items: [
      {
        label: 'Feedback & coaching',
        path: '/feedback',
        icon: IconMessageDots,
        description:
          'Immediate, factual feedback tied to evidence such as a response or a case, with coverage so nobody goes without feedback.',
        built: true,
      },
      {
        label: 'Training',
        path: '/training',
        icon: IconSchool,
        description:
          'Modules for competency and for commitment, assigned by hand or triggered by themes, with completion and effect on scores.',
        built: true,
      },
    ],
  },
  {
    label: 'Culture',
    items: [
      {
        label: 'Culture pulse',
        path: '/culture/pulse',
        icon: IconHeartbeat,
        description:
          'An anonymous employee survey on the seven constructs, with a heatmap by team and strict anonymity thresholds.',
        built: true,
      },
      {
        label: 'Internal customers',
        path: '/culture/internal-customers',
        icon: IconBuildingCommunity,
        description:
          "Departments survey each other's service just as external customers would: internal NPS and SERVQUAL, as a department-to-team matrix.",
        built: true,
      },
      {
        label: 'Action plans',
        path: '/culture/action-plans',
        icon: IconChecklist,
        description: '"You said, we did": owners respond to survey results with actions the team can see.',
        built: true,
      },
      {
        label: 'Climate self-assessment',
        path: '/culture/climate',
        icon: IconTemperature,
        description:
          "Leaders answer the twelve climate questions and see the gap between their view, employees' view and customers' view.",
        built: true,
      },
    ],
  },
  {
    label: 'Strategy',
    items: [
      {
        label: 'Strategy',
        path: '/strategy',
        icon: IconCompass,
        description:
          'Vision, the customers you serve and won’t, trade-offs, ranked priorities and dated targets, published with acknowledgement tracking.',
        built: true,
      },
      {
        label: 'Leadership scorecard',
        path: '/strategy/scorecard',
        icon: IconTrophy,
        description:
          "Leaders' visible actions: recognitions given, feedback given, cases owned and messages sent.",
        built: true,
      },
    ],
  },
  {
    label: 'Admin',
    adminOnly: true,
    items: [
      {
        label: 'People',
        path: '/admin/people',
        icon: IconUsers,
        description: 'Employees, their roles, teams and invitations.',
        built: true,
      },
      {
        label: 'Teams',
        path: '/admin/teams',
        icon: IconHierarchy,
        description: 'Departments, teams and sub-teams with their managers.',
        built: true,
      },
      {
        label: 'Import roster',
        path: '/admin/import',
        icon: IconFileImport,
        description: 'Bring in your HR roster from a CSV file, checked before anything is written.',
        built: true,
      },
      {
        label: 'API keys',
        path: '/admin/api-keys',
        icon: IconKey,
        description: 'Keys for your helpdesk, CRM and scripts to reach the API.',
        built: true,
      },
      {
        label: 'Helpdesk webhooks',
        path: '/admin/webhooks',
        icon: IconWebhook,
        description: 'Zendesk, Freshdesk or any JSON: every solved ticket becomes an interaction.',
        built: true,
      },
      {
        label: 'Outbound webhooks',
        path: '/admin/outbound-webhooks',
        icon: IconBroadcast,
        description: 'Post wall stories to Slack, Microsoft Teams or your own signed endpoint.',
        built: true,
      },
      {
        label: 'Failed jobs',
        path: '/admin/jobs',
        icon: IconAlertOctagon,
        description: 'Invitations and reminders that could not be sent after every retry.',
        built: true,
      },
      {
        label: 'Audit log',
        path: '/admin/audit',
        icon: IconHistory,
        description: 'Who did what, and when.',
        built: true,
      },
    ],
  },
];

export const plannedCapabilities: Capability[] = capabilityGroups.flatMap((group) =>
  group.items.filter((item) => !item.built),
);
