import { Anchor, Badge, Button, Group, Tabs } from '@mantine/core';
import { IconArrowLeft, IconMessages } from '@tabler/icons-react';
import { Link as RouterLink, useParams, useSearchParams } from 'react-router-dom';
import { useSurvey } from '../../api/surveys';
import { SURVEY_KIND_LABELS } from '../../api/types';
import { PageHeader } from '../../components/PageHeader';
import { ErrorAlert, TableSkeleton } from '../../components/QueryStatus';
import { DistributionPanel } from './DistributionPanel';
import { InvitationLog } from './InvitationLog';
import { SharePanel } from './SharePanel';
import { SurveyBuilder } from './SurveyBuilder';
import { SurveyStatusBadge } from './SurveyStatusBadge';

function BackLink() {
  return (
    <Anchor component={RouterLink} to="/surveys" size="sm" mb="sm" display="inline-flex">
      <Group gap={4}>
        <IconArrowLeft size={14} aria-hidden /> All surveys
      </Group>
    </Anchor>
  );
}

const TABS = ['build', 'distribution', 'share', 'invitations'] as const;
type Tab = (typeof TABS)[number];

export function SurveyPage() {
  const { id = '' } = useParams();
  const survey = useSurvey(id);
  const [params, setParams] = useSearchParams();
  const requested = params.get('tab');
  const tab: Tab = TABS.includes(requested as Tab) ? (requested as Tab) : 'build';

  if (survey.isPending) {
    return (
      <>
        <BackLink />
        <TableSkeleton rows={6} label="Loading survey" />
      </>
    );
  }
  if (survey.isError) {
    return (
      <>
        <BackLink />
        <ErrorAlert
          error={survey.error}
          title="Could not load this survey"
          onRetry={() => survey.refetch()}
        />
      </>
    );
  }

  const data = survey.data;
  return (
    <>
      <BackLink />
      <PageHeader
        title={data.name}
        description={
          <Group gap="xs" component="span">
            <Badge variant="light" color="blue" component="span">
              {SURVEY_KIND_LABELS[data.kind]}
            </Badge>
            <SurveyStatusBadge status={data.status} />
          </Group>
        }
        actions={
          <Button
            component={RouterLink}
            to={`/responses?surveyId=${data.id}`}
            variant="default"
            leftSection={<IconMessages size={16} aria-hidden />}
          >
            View responses
          </Button>
        }
      />
      <Tabs
        value={tab}
        onChange={(value) =>
          setParams(
            (current) => {
              const next = new URLSearchParams(current);
              if (value && value !== 'build') next.set('tab', value);
              else next.delete('tab');
              return next;
            },
            { replace: true },
          )
        }
        keepMounted
      >
        <Tabs.List mb="lg">
          <Tabs.Tab value="build">Builder</Tabs.Tab>
          <Tabs.Tab value="distribution">Distribution</Tabs.Tab>
          <Tabs.Tab value="share">Share</Tabs.Tab>
          <Tabs.Tab value="invitations">Invitation log</Tabs.Tab>
        </Tabs.List>
        <Tabs.Panel value="build">
          <SurveyBuilder key={data.id} survey={data} />
        </Tabs.Panel>
        <Tabs.Panel value="distribution">
          <DistributionPanel survey={data} />
        </Tabs.Panel>
        <Tabs.Panel value="share">
          <SharePanel survey={data} />
        </Tabs.Panel>
        <Tabs.Panel value="invitations">
          <InvitationLog surveyId={data.id} />
        </Tabs.Panel>
      </Tabs>
    </>
  );
}
