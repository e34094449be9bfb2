import { type CSSVariablesResolver, createTheme } from '@mantine/core';

// Shade 8 keeps white-on-primary text above the WCAG AA 4.5:1 ratio; Mantine's default 6 does not.
export const theme = createTheme({
  primaryColor: 'blue',
  primaryShade: { light: 8, dark: 4 },
  defaultRadius: 'md',
  focusRing: 'auto',
  fontFamily:
    'Inter, system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, "Noto Sans", sans-serif',
  headings: { fontWeight: '700' },
});

// Mantine's default dimmed grey (gray.6) is about 3.3:1 on white; gray.7 passes AA for body text.
export const cssVariablesResolver: CSSVariablesResolver = (t) => ({
  variables: {},
  light: { '--mantine-color-dimmed': t.colors.gray[7] ?? '#495057' },
  dark: {},
});
