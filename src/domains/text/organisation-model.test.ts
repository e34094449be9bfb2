import { describe, expect, it } from 'vitest';
import { deserializeLinearModel, NO_LABEL, predict } from './linear-model.ts';
import { type LabelledComment, themeFeatures, trainThemeClassifier } from './organisation-model.ts';
import { DEFAULT_THEMES, ThemeMatcher } from './themes.ts';

const SUFFIXES = ['', ' again', ' this morning', ' on Monday', ' as usual', ' today', ' last week', ' twice'];
const labelled = (label: string, texts: readonly string[]): LabelledComment[] =>
  texts.flatMap((text) => SUFFIXES.map((suffix) => ({ text: `${text}${suffix}.`, label })));

const PARKING = [
  'Could not find a space for the car',
  'No spaces left for my car at the office',
  'Had to leave the car two streets away',
  'Nowhere to put the car when I arrived',
];
const WAITING = [
  'I waited an hour on hold',
  'Kept waiting for a call back',
  'The wait was far too long',
  'Waiting forever for the engineer',
];
const NOTHING = [
  'Just filling in the survey',
  'Nothing else to add',
  'No comment from me',
  'Nothing to report here',
];

describe("the organisation's theme model", () => {
  const matcher = new ThemeMatcher(DEFAULT_THEMES);
  const guess = (model: ReturnType<typeof deserializeLinearModel>, text: string) =>
    predict(model, themeFeatures(matcher, text)).label;

  it('learns from comments labelled "none" to add no theme to such comments', () => {
    const trained = trainThemeClassifier([
      ...labelled('parking', PARKING),
      ...labelled('responsiveness', WAITING),
      ...labelled(NO_LABEL, NOTHING),
    ]);
    expect(trained).not.toBeNull();
    const model = deserializeLinearModel(trained?.model as NonNullable<typeof trained>['model']);
    expect(model.classes).toContain(NO_LABEL);
    expect(typeof model.abstainBelow).toBe('number');
    expect(guess(model, 'Nothing else to say')).toBe(NO_LABEL);
    expect(guess(model, 'No space for the car')).toBe('parking');
    expect(guess(model, 'Waiting on hold again')).toBe('responsiveness');
  });

  it('keeps the fixed threshold when no comment is labelled "none"', () => {
    // Themed labels alone say nothing of the comments outside the themes: a threshold chosen on
    // them would be 0 (every guess inside is right) and would tag every comment with a theme.
    const trained = trainThemeClassifier([
      ...labelled('parking', PARKING),
      ...labelled('responsiveness', WAITING),
    ]);
    expect(trained?.model.abstainBelow).toBeUndefined();
    expect(trained?.heldOutMacroF1).toBeGreaterThan(trained?.defaultMacroF1 as number);
  });
});
