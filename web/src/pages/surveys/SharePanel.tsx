import { Alert, Anchor, Button, Group, Paper, Stack, Text, Textarea, TextInput, Title } from '@mantine/core';
import { IconExternalLink, IconLink } from '@tabler/icons-react';
import { Link as RouterLink } from 'react-router-dom';
import { useCreateSurveyLink } from '../../api/surveys';
import type { Survey } from '../../api/types';
import { Copy } from '../../components/Copy';
import { ErrorAlert } from '../../components/QueryStatus';

function escapeAttribute(value: string): string {
  return value
    .replaceAll('&', '&amp;')
    .replaceAll('"', '&quot;')
    .replaceAll('<', '&lt;')
    .replaceAll('>', '&gt;');
}

export function embedSnippet(link: string, title: string): string {
  const src = `${link}${link.includes('?') ? '&' : '?'}embed=1`;
  return `<iframe src="${escapeAttribute(src)}" title="${escapeAttribute(title)}" style="border:0;width:100%;min-height:520px" loading="lazy"></iframe>`;
}

export function SharePanel({ survey }: { survey: Survey }) {
  const createLink = useCreateSurveyLink(survey.id);
  const link = survey.linkUrl;
  const title = survey.definition.title.en;

  return (
    <Stack gap="lg" maw={820}>
      <Alert color="blue" variant="light" title="Email is sent by distribution rules">
        To email customers after their calls, chats and visits, add a rule on the{' '}
        <Anchor component={RouterLink} to={`/surveys/${survey.id}?tab=distribution`} inherit>
          Distribution
        </Anchor>{' '}
        tab. The link and the embed below are for every other channel: receipts, QR codes, your website.
      </Alert>

      <Paper withBorder radius="md" p="lg" component="section" aria-labelledby="link-heading">
        <Title order={2} size="h4" mb="xs" id="link-heading">
          Shareable link
        </Title>
        <Text size="sm" c="dimmed" mb="md">
          One link for everyone: put it in an email signature, a receipt, a QR code or your website. Answers
          through it are not tied to an interaction, so they are attributed to a team or employee only when
          your integration adds them.
        </Text>
        {survey.status !== 'active' && (
          <Alert color="orange" variant="light" mb="md">
            This survey is {survey.status === 'draft' ? 'a draft' : 'archived'}: customers can answer only
            once it is active. Set its status to Active in the builder and save.
          </Alert>
        )}
        {createLink.isError && <ErrorAlert error={createLink.error} title="The link could not be created" />}
        {link ? (
          <Stack gap="md">
            <Group gap="xs" align="flex-end" wrap="nowrap">
              <TextInput
                label="Survey link"
                value={link}
                readOnly
                style={{ flex: 1 }}
                onFocus={(event) => event.currentTarget.select()}
              />
              <Copy value={link} what="link" />
            </Group>
            <Anchor href={link} target="_blank" rel="noreferrer" size="sm">
              <Group gap={4} component="span">
                Open the survey in a new tab <IconExternalLink size={14} aria-hidden />
              </Group>
            </Anchor>
          </Stack>
        ) : (
          <Button
            leftSection={<IconLink size={16} aria-hidden />}
            onClick={() => createLink.mutate()}
            loading={createLink.isPending}
          >
            Create shareable link
          </Button>
        )}
      </Paper>

      {link && (
        <Paper withBorder radius="md" p="lg" component="section" aria-labelledby="embed-heading">
          <Title order={2} size="h4" mb="xs" id="embed-heading">
            Embed on your website
          </Title>
          <Text size="sm" c="dimmed" mb="md">
            Paste this into any page, for example after checkout or at the end of a help article. The survey
            fits the width of the page.
          </Text>
          <Group gap="xs" align="flex-end" wrap="nowrap">
            <Textarea
              label="Embed code"
              value={embedSnippet(link, title)}
              readOnly
              autosize
              minRows={3}
              style={{ flex: 1 }}
              styles={{ input: { fontFamily: 'var(--mantine-font-family-monospace)', fontSize: 13 } }}
              onFocus={(event) => event.currentTarget.select()}
            />
            <Copy value={embedSnippet(link, title)} what="embed code" />
          </Group>
        </Paper>
      )}

      <Paper withBorder radius="md" p="lg" component="section" aria-labelledby="api-heading">
        <Title order={2} size="h4" mb="xs" id="api-heading">
          Your own sending
        </Title>
        <Text size="sm" c="dimmed">
          To send the survey yourself (from your own email tool, SMS or app), create an invitation through the
          API (<code>POST /api/v1/invitations</code> with this survey’s id) using an API key from Admin → API
          keys, and send its link. Interactions your helpdesk posts to <code>POST /api/v1/interactions</code>{' '}
          or through a helpdesk webhook are surveyed by the distribution rules instead.
        </Text>
        <Text size="sm" mt="xs">
          Survey id: <code>{survey.id}</code>
        </Text>
      </Paper>
    </Stack>
  );
}
