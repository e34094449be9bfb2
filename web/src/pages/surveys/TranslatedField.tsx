import { Textarea, TextInput } from '@mantine/core';
import type { Language, Translated } from '../../api/types';

interface TranslatedFieldProps {
  label: string;
  value: Translated | undefined;
  lang: Language;
  onChange: (next: Translated | undefined) => void;
  /** Validation messages from the API, keyed by path (see `validationIssues`). */
  issues: Map<string, string>;
  /** This field's path in the request body, e.g. `definition.title`. */
  path: string;
  required?: boolean;
  multiline?: boolean;
  maxLength?: number;
  description?: string;
}

/** One text of the survey in the language being edited; a missing translation falls back to English. */
export function TranslatedField({
  label,
  value,
  lang,
  onChange,
  issues,
  path,
  required,
  multiline,
  maxLength,
  description,
}: TranslatedFieldProps) {
  const current = value?.[lang] ?? '';
  const english = value?.en ?? '';
  const missing = lang !== 'en' && english.trim() !== '' && current.trim() === '';
  const error = issues.get(`${path}.${lang}`) ?? (lang === 'en' ? issues.get(path) : undefined);

  const handleChange = (text: string) => {
    const next: Translated = { ...(value ?? { en: '' }), [lang]: text };
    if (lang !== 'en' && text === '') delete next[lang];
    const empty = !next.en && !next.es && !next.de;
    onChange(empty && !required ? undefined : next);
  };

  const props = {
    label: `${label} (${lang.toUpperCase()})`,
    description: missing ? 'Not translated yet: customers see the English text.' : description,
    placeholder: lang === 'en' ? undefined : english,
    value: current,
    required: required && lang === 'en',
    error,
    maxLength,
    onChange: (event: { currentTarget: { value: string } }) => handleChange(event.currentTarget.value),
    styles: missing ? { description: { color: 'var(--mantine-color-orange-9)' } } : undefined,
  };
  return multiline ? <Textarea autosize minRows={2} maxRows={6} {...props} /> : <TextInput {...props} />;
}
