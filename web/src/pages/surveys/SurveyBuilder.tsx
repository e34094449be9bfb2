import {
  Alert,
  Badge,
  Box,
  Button,
  Checkbox,
  ColorInput,
  Grid,
  Group,
  List,
  NativeSelect,
  Paper,
  SegmentedControl,
  SimpleGrid,
  Stack,
  Tabs,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconDeviceFloppy, IconPlus } from '@tabler/icons-react';
import { type FormEvent, useMemo, useState } from 'react';
import { useMe } from '../../api/auth';
import { validationIssues } from '../../api/client';
import { useUpdateSurvey } from '../../api/surveys';
import {
  LANGUAGE_LABELS,
  LANGUAGES,
  type Language,
  QUESTION_TYPE_LABELS,
  type Question,
  type QuestionType,
  SURVEY_STATUS_LABELS,
  SURVEY_STATUSES,
  type Survey,
  type SurveyDefinition,
  type SurveyStatus,
} from '../../api/types';
import { newQuestion, QuestionEditor } from './QuestionEditor';
import { SurveyPreview } from './SurveyPreview';
import { missingTranslations, scaleOf } from './surveyText';
import { TranslatedField } from './TranslatedField';

interface Draft {
  name: string;
  status: SurveyStatus;
  activeFrom: string;
  activeUntil: string;
  definition: SurveyDefinition;
}

function pad(n: number): string {
  return String(n).padStart(2, '0');
}

/** An ISO timestamp as the value of a `datetime-local` input, in the browser's time zone. */
function toLocalInput(iso: string | null): string {
  if (!iso) return '';
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return '';
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}`;
}

function fromLocalInput(value: string): string | null {
  if (!value) return null;
  const d = new Date(value);
  return Number.isNaN(d.getTime()) ? null : d.toISOString();
}

function draftOf(survey: Survey): Draft {
  return {
    name: survey.name,
    status: survey.status,
    activeFrom: toLocalInput(survey.activeFrom),
    activeUntil: toLocalInput(survey.activeUntil),
    definition: survey.definition,
  };
}

const FIELD_NAMES: Record<string, string> = {
  name: 'Name',
  status: 'Status',
  activeFrom: 'Active from',
  activeUntil: 'Active until',
  languages: 'Languages',
  title: 'Title',
  intro: 'Introduction',
  thankYou: 'Thank-you message',
  brandColor: 'Brand colour',
  logoUrl: 'Logo URL',
  label: 'text',
  help: 'help text',
  lowLabel: 'low-end label',
  highLabel: 'high-end label',
  showIf: 'skip logic',
  options: 'options',
  min: 'lowest value',
  max: 'highest value',
  maxLength: 'longest answer',
  id: 'id',
};

/** `definition.questions.1.label.es` → `Question 2 · text (ES)`. */
export function describePath(path: string): string {
  const parts = path.split('.').filter((part) => part !== 'definition');
  const words: string[] = [];
  for (let i = 0; i < parts.length; i++) {
    const part = parts[i] as string;
    const next = parts[i + 1];
    if ((part === 'questions' || part === 'options') && next !== undefined && /^\d+$/.test(next)) {
      words.push(`${part === 'questions' ? 'Question' : 'option'} ${Number(next) + 1}`);
      i++;
    } else if ((LANGUAGES as readonly string[]).includes(part)) {
      words[words.length - 1] = `${words[words.length - 1] ?? ''} (${part.toUpperCase()})`;
    } else {
      words.push(FIELD_NAMES[part] ?? part);
    }
  }
  return words.join(' · ') || 'Survey';
}

function sentence(message: string): string {
  return message.charAt(0).toUpperCase() + message.slice(1);
}

export function SurveyBuilder({ survey }: { survey: Survey }) {
  const me = useMe();
  const update = useUpdateSurvey(survey.id);
  const [draft, setDraft] = useState<Draft>(() => draftOf(survey));
  const [lang, setLang] = useState<Language>('en');
  const [previewLang, setPreviewLang] = useState<Language>('en');
  const [newType, setNewType] = useState<QuestionType>('text');
  const issues = validationIssues(update.error);
  const definition = draft.definition;
  const offered = LANGUAGES.filter((l) => definition.languages.includes(l));
  const editLang = offered.includes(lang) ? lang : 'en';
  const shownPreviewLang = offered.includes(previewLang) ? previewLang : 'en';
  const dirty = useMemo(() => JSON.stringify(draft) !== JSON.stringify(draftOf(survey)), [draft, survey]);
  const firstQuestion = definition.questions[0];
  const firstScale = firstQuestion ? scaleOf(firstQuestion) : null;

  const setDefinition = (change: (current: SurveyDefinition) => SurveyDefinition) =>
    setDraft((current) => ({ ...current, definition: change(current.definition) }));
  const setQuestions = (change: (questions: Question[]) => Question[]) =>
    setDefinition((current) => ({ ...current, questions: change(current.questions) }));

  const chooseLang = (value: Language) => {
    setLang(value);
    setPreviewLang(value);
  };

  const handleSubmit = (event: FormEvent) => {
    event.preventDefault();
    update.mutate(
      {
        name: draft.name.trim(),
        status: draft.status,
        activeFrom: fromLocalInput(draft.activeFrom),
        activeUntil: fromLocalInput(draft.activeUntil),
        definition: draft.definition,
      },
      {
        onSuccess: (saved) => {
          setDraft(draftOf(saved));
          notifications.show({ message: 'Survey saved.', color: 'teal' });
        },
      },
    );
  };

  const missing = (l: Language) => missingTranslations(definition, l);

  return (
    <Grid gap="lg">
      <Grid.Col span={{ base: 12, md: 7 }}>
        <form onSubmit={handleSubmit} noValidate aria-label="Survey builder">
          <Stack gap="lg">
            <Paper withBorder radius="md" p="sm" className="builder-savebar">
              <Group justify="space-between" gap="sm">
                <Text size="sm" c={dirty ? 'orange.9' : 'dimmed'} role="status">
                  {dirty ? 'Unsaved changes' : 'All changes saved'}
                </Text>
                <Button
                  type="submit"
                  loading={update.isPending}
                  leftSection={<IconDeviceFloppy size={16} aria-hidden />}
                >
                  Save survey
                </Button>
              </Group>
            </Paper>

            {update.isError && (
              <Alert color="red" variant="light" role="alert" title="The survey was not saved">
                {issues.size === 0 ? (
                  update.error.message
                ) : (
                  <List size="sm" spacing={2}>
                    {[...issues].map(([path, message]) => (
                      <List.Item key={path}>
                        <strong>{describePath(path)}:</strong> {sentence(message)}
                      </List.Item>
                    ))}
                  </List>
                )}
              </Alert>
            )}

            <Paper withBorder radius="md" p="lg" component="section" aria-labelledby="settings-heading">
              <Title order={2} size="h4" mb="md" id="settings-heading">
                Settings
              </Title>
              <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="md">
                <TextInput
                  label="Name"
                  description="For your team; customers see the title"
                  required
                  value={draft.name}
                  onChange={(event) => {
                    const name = event.currentTarget.value;
                    setDraft((current) => ({ ...current, name }));
                  }}
                  error={issues.get('name')}
                  maxLength={200}
                />
                <NativeSelect
                  label="Status"
                  description="Customers can answer only an active survey"
                  value={draft.status}
                  onChange={(event) => {
                    const status = event.currentTarget.value as SurveyStatus;
                    setDraft((current) => ({ ...current, status }));
                  }}
                  data={SURVEY_STATUSES.map((s) => ({ value: s, label: SURVEY_STATUS_LABELS[s] }))}
                  error={issues.get('status')}
                />
                <TextInput
                  label="Active from"
                  description="Leave empty to start as soon as it is active"
                  type="datetime-local"
                  value={draft.activeFrom}
                  onChange={(event) => {
                    const activeFrom = event.currentTarget.value;
                    setDraft((current) => ({ ...current, activeFrom }));
                  }}
                  error={issues.get('activeFrom')}
                />
                <TextInput
                  label="Active until"
                  description="Leave empty to keep it open"
                  type="datetime-local"
                  value={draft.activeUntil}
                  onChange={(event) => {
                    const activeUntil = event.currentTarget.value;
                    setDraft((current) => ({ ...current, activeUntil }));
                  }}
                  error={issues.get('activeUntil')}
                />
                <ColorInput
                  label="Brand colour"
                  description="Used for the top bar and the buttons"
                  format="hex"
                  value={definition.brandColor}
                  onChange={(brandColor) => setDefinition((current) => ({ ...current, brandColor }))}
                  error={issues.get('definition.brandColor')}
                  swatches={['#1864ab', '#0b7285', '#2b8a3e', '#c92a2a', '#862e9c', '#e8590c', '#212529']}
                />
                <TextInput
                  label="Logo URL"
                  description="An https:// address of your logo image"
                  type="url"
                  placeholder="https://"
                  value={definition.logoUrl ?? ''}
                  onChange={(event) => {
                    const logoUrl = event.currentTarget.value.trim();
                    setDefinition(({ logoUrl: _old, ...current }) =>
                      logoUrl ? { ...current, logoUrl } : current,
                    );
                  }}
                  error={issues.get('definition.logoUrl')}
                />
              </SimpleGrid>
              <Checkbox.Group
                mt="md"
                label="Languages offered"
                description="Customers see the survey in their language when it is offered; English is always offered"
                value={definition.languages}
                onChange={(value) =>
                  setDefinition((current) => ({
                    ...current,
                    languages: LANGUAGES.filter((l) => l === 'en' || value.includes(l)),
                  }))
                }
                error={issues.get('definition.languages')}
              >
                <Group mt="xs">
                  {LANGUAGES.map((l) => (
                    <Checkbox key={l} value={l} label={LANGUAGE_LABELS[l]} disabled={l === 'en'} />
                  ))}
                </Group>
              </Checkbox.Group>
            </Paper>

            <Paper withBorder radius="md" p="lg" component="section" aria-labelledby="content-heading">
              <Title order={2} size="h4" mb="xs" id="content-heading">
                Texts and questions
              </Title>
              <Text size="sm" c="dimmed" mb="md">
                Choose the language to edit. A text left empty in Spanish or German shows the English one.
              </Text>
              <Tabs value={editLang} onChange={(value) => value && chooseLang(value as Language)}>
                <Tabs.List mb="md">
                  {offered.map((l) => {
                    const count = missing(l).length;
                    return (
                      <Tabs.Tab
                        key={l}
                        value={l}
                        aria-label={`${LANGUAGE_LABELS[l]}${count ? `, ${count} missing translations` : ''}`}
                        rightSection={
                          count > 0 ? (
                            <Badge size="xs" color="orange" variant="light" aria-hidden>
                              {count} missing
                            </Badge>
                          ) : undefined
                        }
                      >
                        {l.toUpperCase()}
                      </Tabs.Tab>
                    );
                  })}
                </Tabs.List>
              </Tabs>
              {editLang !== 'en' && missing(editLang).length > 0 && (
                <Alert
                  color="orange"
                  variant="light"
                  mb="md"
                  title={`Missing in ${LANGUAGE_LABELS[editLang]}`}
                >
                  <Text size="sm">{missing(editLang).join(', ')}.</Text>
                </Alert>
              )}
              <Stack gap="md">
                <TranslatedField
                  label="Title"
                  value={definition.title}
                  lang={editLang}
                  onChange={(title) => title && setDefinition((current) => ({ ...current, title }))}
                  issues={issues}
                  path="definition.title"
                  required
                  maxLength={200}
                />
                <TranslatedField
                  label="Introduction"
                  value={definition.intro}
                  lang={editLang}
                  onChange={(intro) =>
                    setDefinition(({ intro: _old, ...current }) => (intro ? { ...current, intro } : current))
                  }
                  issues={issues}
                  path="definition.intro"
                  multiline
                  maxLength={1000}
                  description="Optional; shown under the title"
                />
                <TranslatedField
                  label="Thank-you message"
                  value={definition.thankYou}
                  lang={editLang}
                  onChange={(thankYou) => thankYou && setDefinition((current) => ({ ...current, thankYou }))}
                  issues={issues}
                  path="definition.thankYou"
                  required
                  multiline
                  maxLength={1000}
                />
                {issues.get('definition.questions') && (
                  <Text size="sm" c="red.8" role="alert">
                    Questions: {sentence(issues.get('definition.questions') as string)}
                  </Text>
                )}
                {definition.questions.map((question, index) => (
                  <QuestionEditor
                    // Ids are unique within a survey (the API checks); new ones are generated so.
                    key={question.id}
                    question={question}
                    index={index}
                    count={definition.questions.length}
                    lang={editLang}
                    firstScale={index === 0 ? null : firstScale}
                    issues={issues}
                    onChange={(next) => setQuestions((qs) => qs.map((q, i) => (i === index ? next : q)))}
                    onMove={(direction) =>
                      setQuestions((qs) => {
                        const target = index + direction;
                        if (target < 0 || target >= qs.length) return qs;
                        const copy = [...qs];
                        [copy[index], copy[target]] = [copy[target] as Question, copy[index] as Question];
                        return copy;
                      })
                    }
                    onRemove={() => setQuestions((qs) => qs.filter((_, i) => i !== index))}
                  />
                ))}
                <Group gap="sm" align="flex-end">
                  <NativeSelect
                    label="New question type"
                    value={newType}
                    onChange={(event) => setNewType(event.currentTarget.value as QuestionType)}
                    data={(Object.keys(QUESTION_TYPE_LABELS) as QuestionType[]).map((type) => ({
                      value: type,
                      label: QUESTION_TYPE_LABELS[type],
                    }))}
                  />
                  <Button
                    variant="default"
                    leftSection={<IconPlus size={16} aria-hidden />}
                    disabled={definition.questions.length >= 30}
                    onClick={() =>
                      setQuestions((qs) => [
                        ...qs,
                        newQuestion(
                          newType,
                          qs.map((q) => q.id),
                        ),
                      ])
                    }
                  >
                    Add question
                  </Button>
                </Group>
              </Stack>
            </Paper>
          </Stack>
        </form>
      </Grid.Col>
      <Grid.Col span={{ base: 12, md: 5 }}>
        <Box className="sticky-preview" component="section" aria-labelledby="preview-heading">
          <Group justify="space-between" mb="sm" gap="xs">
            <Title order={2} size="h4" id="preview-heading">
              Preview
            </Title>
            <SegmentedControl
              aria-label="Preview language"
              size="xs"
              value={shownPreviewLang}
              onChange={(value) => setPreviewLang(value as Language)}
              data={offered.map((l) => ({ value: l, label: l.toUpperCase() }))}
            />
          </Group>
          <SurveyPreview
            definition={definition}
            lang={shownPreviewLang}
            orgName={me.data?.org.name ?? 'your organisation'}
          />
          <Text size="xs" c="dimmed" mt="xs">
            As the customer sees it in {LANGUAGE_LABELS[shownPreviewLang]}; try the answers, nothing is sent.
          </Text>
        </Box>
      </Grid.Col>
    </Grid>
  );
}
