import {
  ActionIcon,
  Alert,
  Anchor,
  Button,
  Fieldset,
  Grid,
  Group,
  NativeSelect,
  Paper,
  Stack,
  Switch,
  Text,
  TextInput,
} from '@mantine/core';
import { type FormEvent, useEffect, useState } from 'react';
import { Link } from 'react-router';
import { useQuery } from 'urql';
import { formatNumber, type Language, localDigits, toAsciiDigits } from '../../format.js';
import { useI18n, useMessages } from '../../i18n.js';
import { FormError, Notice, noticeSelector } from '../../ui/alerts.js';
import { useMutationWithErrors } from '../../ui/mutation.js';
import { useUnitOptions } from '../../ui/options.js';
import { ScreenTitle } from '../../ui/ScreenTitle.js';
import { Section } from '../../ui/Section.js';
import { focusNext, formKeys } from '../../ui/shortcuts.js';
import { QueryState } from '../../ui/states.js';
import { usePermission } from '../../viewer.js';
import { humaniseMinutes } from '../queue/countdown.js';
import {
  type EscalationTarget,
  escalationTargets,
  type FollowUpSettingsData,
  FollowUpSettingsQuery,
  SetFollowUpSettingsMutation,
} from './operations.js';
import { type SettingsWords, settingsWords } from './settings-words.js';
import { escalationWords, fillWords, targetWord } from './words.js';

const triggers = ['overdue', 'notFixed', 'repeatCall', 'returnedTwice'] as const;
type Trigger = (typeof triggers)[number];
const maxRungs = 6;
/** The API's bound on the duty mobiles (schema/src/rules/followup.ts `maxSmsRecipients`). */
const maxSmsRecipients = 30;

interface RungDraft {
  key: number;
  target: EscalationTarget;
  hours: string;
  minutes: string;
}

/**
 * A duty mobile told by SMS: its rung by the rung's `key` (it follows its rung when the ladder is reordered; null or a
 * key no longer on the ladder: its rung was removed), the number as typed, the unit's id or '' for every unit.
 */
interface SmsDraft {
  key: number;
  rung: number | null;
  mobile: string;
  unitId: string;
}

interface Draft extends Record<Trigger, boolean> {
  warnAtPercent: string;
  ladder: RungDraft[];
  sms: SmsDraft[];
}

/**
 * Errors by field: `warnAtPercent`, `ladder`, `ladder.<i>.minutes`, `ladder.<i>.target`, `smsRecipients`,
 * `smsRecipients.<i>.level`, `smsRecipients.<i>.mobile`, `smsRecipients.<i>.unitId`.
 */
type Errors = Record<string, string>;

let nextKey = 1;

function draftOf(settings: FollowUpSettingsData, language: Language): Draft {
  const n = (value: number) => localDigits(value, language);
  const ladder = settings.ladder.map((rung) => ({
    key: nextKey++,
    target: rung.target,
    hours: rung.minutes === null ? '' : n(Math.floor(rung.minutes / 60)),
    minutes: rung.minutes === null ? '' : n(rung.minutes % 60),
  }));
  return {
    overdue: settings.overdue,
    notFixed: settings.notFixed,
    repeatCall: settings.repeatCall,
    returnedTwice: settings.returnedTwice,
    warnAtPercent: n(settings.warnAtPercent),
    ladder,
    sms: settings.smsRecipients.map((r) => ({
      key: nextKey++,
      rung: ladder[r.level - 1]?.key ?? null,
      mobile: mobileShown(r.mobile, language),
      unitId: r.unitId ?? '',
    })),
  };
}

/** An Iranian mobile as people read it (`۰۹۱۲ ۱۲۳ ۴۵۶۷`) from the API's E.164; any other number as it is. */
function mobileShown(mobile: string, language: Language): string {
  const iranian = /^\+98(9\d{9})$/.exec(mobile)?.[1];
  if (!iranian) return localDigits(mobile, language);
  const local = `0${iranian}`;
  return localDigits(`${local.slice(0, 4)} ${local.slice(4, 7)} ${local.slice(7)}`, language);
}

/** The rung (1, 2, …) a duty mobile is on; null when its rung is no longer on the ladder. */
function smsLevel(row: SmsDraft, ladder: readonly RungDraft[]): number | null {
  const index = ladder.findIndex((r) => r.key === row.rung);
  return index < 0 ? null : index + 1;
}

/** A typed whole number (Persian or ASCII digits); null when blank, NaN when not a whole number. */
function wholeNumber(text: string): number | null {
  const typed = toAsciiDigits(text).trim();
  if (!typed) return null;
  return /^\d+$/.test(typed) ? Number(typed) : Number.NaN;
}

/** A rung's minutes from its hours and minutes; null when both are blank, NaN when either is not a number. */
function rungMinutes(rung: RungDraft): number | null {
  const hours = wholeNumber(rung.hours);
  const minutes = wholeNumber(rung.minutes);
  if (hours === null && minutes === null) return null;
  return (hours ?? 0) * 60 + (minutes ?? 0);
}

/** The element an error's field is typed in, to give it the focus. */
function inputIdOf(field: string): string {
  const rung = field.match(/^ladder\.(\d+)\.(minutes|target)$/);
  if (rung) return `settings-rung-${rung[1]}-${rung[2] === 'minutes' ? 'hours' : 'target'}`;
  const sms = field.match(smsField);
  if (sms?.[1]) return `settings-sms-${sms[1]}-${sms[2] === 'unitId' ? 'unit' : sms[2]}`;
  if (sms) return 'settings-sms-error';
  return field === 'warnAtPercent' ? 'settings-warn' : 'settings-ladder-error';
}

/** The API's fields of the duty mobiles: the list (too many) or one row's `level`, `mobile` or `unitId`. */
const smsField = /^smsRecipients(?:\.(\d+)\.(level|mobile|unitId))?$/;

/**
 * «تنظیمات پیگیری و تشدید» (followups:read; changed with followups:configure only, the others see it read-only):
 * which triggers open a case, at what share of a request's time its unit is warned, and the escalation ladder — its
 * rungs in order, each with whom it tells and its time in hours and minutes (the last has none) — and the duty mobiles
 * told by SMS at its rungs, each on a rung, for one unit's cases or every unit's (always sent, so an empty list clears
 * them; a row whose rung was removed from the ladder is flagged at once). The API's refusals go beside the field they
 * name (`input.warnAtPercent`, `input.ladder`, `input.ladder.<i>.minutes`, `input.smsRecipients.<i>.mobile`, …).
 */
export default function FollowUpSettings() {
  const m = useMessages(settingsWords);
  const { t, language } = useI18n();
  const canConfigure = usePermission('followups:configure');
  const [result, reexecute] = useQuery({ query: FollowUpSettingsQuery, requestPolicy: 'network-only' });
  const [draft, setDraft] = useState<Draft | null>(null);
  const [errors, setErrors] = useState<Errors>({});
  const [saved, setSaved] = useState(false);
  const save = useMutationWithErrors(SetFollowUpSettingsMutation, (d) => d.setFollowUpSettings);
  const settings = result.data?.followUpSettings;
  useEffect(() => {
    if (settings && !draft) setDraft(draftOf(settings, language));
  }, [settings, draft, language]);

  const change = (next: Partial<Draft>) => {
    setSaved(false);
    setDraft((d) => (d ? { ...d, ...next } : d));
  };
  const changeRung = (index: number, next: Partial<RungDraft>) =>
    draft && change({ ladder: draft.ladder.map((r, i) => (i === index ? { ...r, ...next } : r)) });
  const moveRung = (index: number, by: -1 | 1) => {
    if (!draft) return;
    const ladder = [...draft.ladder];
    const [rung] = ladder.splice(index, 1);
    if (rung) ladder.splice(index + by, 0, rung);
    change({ ladder });
    setErrors({});
  };
  const removeRung = (index: number) => {
    if (!draft) return;
    change({ ladder: draft.ladder.filter((_, i) => i !== index) });
    setErrors({});
  };
  const changeSms = (index: number, next: Partial<SmsDraft>) =>
    draft && change({ sms: draft.sms.map((r, i) => (i === index ? { ...r, ...next } : r)) });
  const removeSms = (index: number) => {
    if (!draft) return;
    const sms = draft.sms.filter((_, i) => i !== index);
    change({ sms });
    setErrors({});
    // The focus stays in the list: on the row that took this one's place, else on «افزودن شماره».
    focusNext(() =>
      sms[index]
        ? document.getElementById(`settings-sms-${index}-remove`)
        : document.getElementById('settings-sms-add'),
    );
  };
  const addSms = () => {
    if (!draft || draft.sms.length >= maxSmsRecipients) return;
    const index = draft.sms.length;
    change({ sms: [...draft.sms, { key: nextKey++, rung: draft.ladder[0]?.key ?? null, mobile: '', unitId: '' }] });
    focusNext(() => document.getElementById(`settings-sms-${index}-mobile`));
  };
  const addRung = () => {
    if (!draft) return;
    // The rung that was last now needs a time: a working day unless one was typed.
    const ladder = draft.ladder.map((r, i) =>
      i === draft.ladder.length - 1 && !r.hours.trim() && !r.minutes.trim()
        ? { ...r, hours: localDigits(8, language), minutes: localDigits(0, language) }
        : r,
    );
    ladder.push({ key: nextKey++, target: 'EXECUTIVE', hours: '', minutes: '' });
    change({ ladder });
  };

  const showErrors = (found: Errors) => {
    setErrors(found);
    const first = Object.keys(found)[0];
    if (first) focusNext(() => document.getElementById(inputIdOf(first)));
  };

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (!draft || !canConfigure) return;
    setSaved(false);
    // Only what the API cannot be sent: blanks and what is not a number. Its rules (ranges) are its own to say.
    const found: Errors = {};
    const percent = wholeNumber(draft.warnAtPercent);
    if (percent === null) found.warnAtPercent = t('fieldRequired');
    else if (Number.isNaN(percent)) found.warnAtPercent = m.notNumber;
    const last = draft.ladder.length - 1;
    draft.ladder.forEach((rung, i) => {
      if (i === last) return;
      const minutes = rungMinutes(rung);
      if (minutes === null) found[`ladder.${i}.minutes`] = t('fieldRequired');
      else if (Number.isNaN(minutes)) found[`ladder.${i}.minutes`] = m.notNumber;
    });
    draft.sms.forEach((row, i) => {
      if (smsLevel(row, draft.ladder) === null) found[`smsRecipients.${i}.level`] = m.smsRungGone;
      if (!row.mobile.trim()) found[`smsRecipients.${i}.mobile`] = t('fieldRequired');
    });
    if (Object.keys(found).length) return showErrors(found);
    setErrors({});
    const outcome = await save.run({
      input: {
        overdue: draft.overdue,
        notFixed: draft.notFixed,
        repeatCall: draft.repeatCall,
        returnedTwice: draft.returnedTwice,
        warnAtPercent: percent as number,
        ladder: draft.ladder.map((rung, i) =>
          i === last ? { target: rung.target } : { target: rung.target, minutes: rungMinutes(rung) },
        ),
        // Always the whole list: none left clears them (absent, the API would keep the stored ones).
        smsRecipients: draft.sms.map((row) => ({
          level: smsLevel(row, draft.ladder) as number,
          mobile: toAsciiDigits(row.mobile).trim(),
          unitId: row.unitId || null,
        })),
      },
    });
    if (outcome.ok) {
      setDraft(draftOf(outcome.data, language));
      setSaved(true);
      focusNext(noticeSelector);
      return;
    }
    const field = outcome.error?.field?.replace(/^input\./, '') ?? null;
    if (
      field &&
      (field === 'warnAtPercent' ||
        field === 'ladder' ||
        /^ladder\.\d+\.(minutes|target)$/.test(field) ||
        smsField.test(field))
    ) {
      save.setFormError(null);
      showErrors({ [field]: outcome.message });
    }
  };

  return (
    <>
      <ScreenTitle
        description={m.description}
        actions={
          <Anchor component={Link} to="/followup/overview" data-testid="settings-back">
            {m.back}
          </Anchor>
        }
      >
        {m.title}
      </ScreenTitle>
      <QueryState
        loading={!draft}
        error={settings ? undefined : result.error}
        onRetry={() => reexecute({ requestPolicy: 'network-only' })}
      >
        {draft ? (
          <form
            onSubmit={submit}
            onKeyDown={formKeys()}
            noValidate
            data-testid="settings-form"
            data-read-only={!canConfigure}
          >
            <Stack gap="lg">
              {canConfigure ? null : (
                <Alert color="blue" variant="light" data-testid="settings-read-only">
                  {m.readOnly}
                </Alert>
              )}
              <Section id="settings-triggers" title={m.triggers}>
                <Stack gap="sm">
                  {triggers.map((trigger) => (
                    <Switch
                      key={trigger}
                      label={m[`trigger.${trigger}` as keyof SettingsWords]}
                      checked={draft[trigger]}
                      disabled={!canConfigure}
                      onChange={(event) => change({ [trigger]: event.currentTarget.checked })}
                      data-testid={`settings-trigger-${trigger}`}
                    />
                  ))}
                </Stack>
              </Section>
              <Section id="settings-warning" title={m.warning}>
                <TextInput
                  id="settings-warn"
                  label={m.warnAtPercent}
                  description={m.warnHint}
                  value={draft.warnAtPercent}
                  onChange={(event) => change({ warnAtPercent: event.currentTarget.value })}
                  error={errors.warnAtPercent}
                  disabled={!canConfigure}
                  inputMode="numeric"
                  autoComplete="off"
                  maw={280}
                  rightSection={<span aria-hidden>٪</span>}
                  data-testid="settings-warn"
                />
              </Section>
              <Section id="settings-ladder" title={m.ladder}>
                <Text size="sm" c="dimmed" mb="sm">
                  {m.ladderHint}
                </Text>
                <Stack component="ol" gap="sm" m={0} p={0} style={{ listStyle: 'none' }} aria-label={m.rungs}>
                  {draft.ladder.map((rung, index) => (
                    <RungEditor
                      key={rung.key}
                      rung={rung}
                      index={index}
                      count={draft.ladder.length}
                      errors={errors}
                      editable={canConfigure}
                      onChange={(next) => changeRung(index, next)}
                      onMove={(by) => moveRung(index, by)}
                      onRemove={() => removeRung(index)}
                    />
                  ))}
                </Stack>
                <Text
                  id="settings-ladder-error"
                  tabIndex={-1}
                  role="alert"
                  c="red.9"
                  size="sm"
                  mt={errors.ladder ? 'xs' : 0}
                  data-testid="settings-ladder-error"
                >
                  {errors.ladder ?? ''}
                </Text>
                {canConfigure && draft.ladder.length < maxRungs ? (
                  <Button variant="light" mt="sm" onClick={addRung} data-testid="settings-add-rung">
                    {m.add}
                  </Button>
                ) : null}
              </Section>
              <SmsRecipientsEditor
                draft={draft}
                errors={errors}
                editable={canConfigure}
                onChange={changeSms}
                onRemove={removeSms}
                onAdd={addSms}
              />
              {saved ? (
                <Notice onClose={() => setSaved(false)} data-testid="settings-saved">
                  {m.saved}
                </Notice>
              ) : null}
              <FormError data-testid="settings-form-error">{save.formError}</FormError>
              {canConfigure ? (
                <Group>
                  <Button type="submit" loading={save.fetching} data-testid="settings-save">
                    {m.save}
                  </Button>
                </Group>
              ) : null}
            </Stack>
          </form>
        ) : null}
      </QueryState>
    </>
  );
}

function RungEditor({
  rung,
  index,
  count,
  errors,
  editable,
  onChange,
  onMove,
  onRemove,
}: {
  rung: RungDraft;
  index: number;
  count: number;
  errors: Errors;
  editable: boolean;
  onChange: (next: Partial<RungDraft>) => void;
  onMove: (by: -1 | 1) => void;
  onRemove: () => void;
}) {
  const m = useMessages(settingsWords);
  const w = useMessages(escalationWords);
  const { language } = useI18n();
  const n = formatNumber(index + 1, language);
  const last = index === count - 1;
  const minutes = rungMinutes(rung);
  const timeError = errors[`ladder.${index}.minutes`];
  return (
    <Paper
      component="li"
      withBorder
      p="sm"
      data-testid="settings-rung"
      data-level={index + 1}
      data-target={rung.target}
      data-minutes={last ? '' : (minutes ?? '')}
    >
      <Group justify="space-between" gap="xs" mb="xs" wrap="nowrap">
        <Text fw={700}>{fillWords(m.rung, { n })}</Text>
        {editable ? (
          <Group gap={4} wrap="nowrap">
            <ActionIcon
              variant="default"
              size="lg"
              aria-label={fillWords(m.moveUp, { n })}
              disabled={index === 0}
              onClick={() => onMove(-1)}
              data-testid="settings-rung-up"
            >
              <span aria-hidden>↑</span>
            </ActionIcon>
            <ActionIcon
              variant="default"
              size="lg"
              aria-label={fillWords(m.moveDown, { n })}
              disabled={last}
              onClick={() => onMove(1)}
              data-testid="settings-rung-down"
            >
              <span aria-hidden>↓</span>
            </ActionIcon>
            <ActionIcon
              variant="light"
              color="red"
              size="lg"
              aria-label={fillWords(m.remove, { n })}
              disabled={count === 1}
              onClick={onRemove}
              data-testid="settings-rung-remove"
            >
              <span aria-hidden>✕</span>
            </ActionIcon>
          </Group>
        ) : null}
      </Group>
      <Grid gap="sm" align="flex-start">
        <Grid.Col span={{ base: 12, sm: 5 }}>
          <NativeSelect
            id={`settings-rung-${index}-target`}
            label={m.target}
            value={rung.target}
            disabled={!editable}
            error={errors[`ladder.${index}.target`]}
            onChange={(event) => onChange({ target: event.currentTarget.value as EscalationTarget })}
            data={escalationTargets.map((target) => ({ value: target, label: targetWord(w, target) }))}
            data-testid="settings-rung-target"
          />
        </Grid.Col>
        <Grid.Col span={{ base: 12, sm: 7 }}>
          {last ? (
            <Text size="sm" c="dimmed" mt={{ base: 0, sm: 28 }} data-testid="settings-rung-last">
              {m.last}
            </Text>
          ) : (
            <Fieldset legend={m.time} variant="unstyled" p={0}>
              <Group gap="sm" align="flex-start" wrap="nowrap">
                <TextInput
                  id={`settings-rung-${index}-hours`}
                  label={m.hours}
                  value={rung.hours}
                  disabled={!editable}
                  error={timeError}
                  onChange={(event) => onChange({ hours: event.currentTarget.value })}
                  inputMode="numeric"
                  autoComplete="off"
                  w={120}
                  data-testid="settings-rung-hours"
                />
                <TextInput
                  id={`settings-rung-${index}-minutes`}
                  label={m.minutes}
                  value={rung.minutes}
                  disabled={!editable}
                  error={Boolean(timeError)}
                  onChange={(event) => onChange({ minutes: event.currentTarget.value })}
                  inputMode="numeric"
                  autoComplete="off"
                  w={120}
                  data-testid="settings-rung-minutes"
                />
              </Group>
              {minutes !== null && !Number.isNaN(minutes) && minutes > 0 ? (
                <Text size="sm" c="dimmed" mt={4} data-testid="settings-rung-time">
                  {fillWords(m.timeIs, { time: humaniseMinutes(minutes, language) })}
                </Text>
              ) : null}
            </Fieldset>
          )}
        </Grid.Col>
      </Grid>
    </Paper>
  );
}

/**
 * «پیامک به شماره‌های کشیک»: the duty mobiles, one row each — its rung (the ladder's rungs as they stand, by number
 * and whom they reach), the number (left to right, as typed) and the unit whose cases it is told of, or every unit.
 */
function SmsRecipientsEditor({
  draft,
  errors,
  editable,
  onChange,
  onRemove,
  onAdd,
}: {
  draft: Draft;
  errors: Errors;
  editable: boolean;
  onChange: (index: number, next: Partial<SmsDraft>) => void;
  onRemove: (index: number) => void;
  onAdd: () => void;
}) {
  const m = useMessages(settingsWords);
  const w = useMessages(escalationWords);
  const { language } = useI18n();
  const units = useUnitOptions();
  const rungOptions = draft.ladder.map((rung, i) => ({
    value: String(rung.key),
    label: fillWords(m.smsLevelOption, { n: formatNumber(i + 1, language), target: targetWord(w, rung.target) }),
  }));
  const full = draft.sms.length >= maxSmsRecipients;
  const max = fillWords(m.smsMax, { max: formatNumber(maxSmsRecipients, language) });
  return (
    <Section id="settings-sms" title={m.sms} data-testid="settings-sms">
      <Text size="sm" c="dimmed" mb="sm">
        {m.smsHint}
      </Text>
      {draft.sms.length === 0 ? (
        <Text size="sm" mb="sm" data-testid="settings-sms-none">
          {m.smsNone}
        </Text>
      ) : (
        <Stack component="ol" gap="sm" m={0} p={0} style={{ listStyle: 'none' }} aria-label={m.smsRows}>
          {draft.sms.map((row, index) => {
            const level = smsLevel(row, draft.ladder);
            const knownUnit = !row.unitId || units.options.some((u) => u.value === row.unitId);
            const unitOptions = [
              { value: '', label: m.smsAllUnits },
              ...units.options,
              ...(knownUnit ? [] : [{ value: row.unitId, label: units.fetching ? '…' : m.smsUnitGone }]),
            ];
            return (
              <Paper
                key={row.key}
                component="li"
                withBorder
                p="sm"
                data-testid="settings-sms-row"
                data-level={level ?? ''}
                data-unit={row.unitId}
              >
                <Grid gap="sm" align="flex-start">
                  <Grid.Col span={{ base: 12, sm: 4 }}>
                    <NativeSelect
                      id={`settings-sms-${index}-level`}
                      label={m.smsLevel}
                      value={level === null ? '' : String(row.rung)}
                      disabled={!editable}
                      error={errors[`smsRecipients.${index}.level`] ?? (level === null ? m.smsRungGone : undefined)}
                      onChange={(event) => onChange(index, { rung: Number(event.currentTarget.value) })}
                      data={
                        level === null
                          ? [{ value: '', label: m.smsLevelGone, disabled: true }, ...rungOptions]
                          : rungOptions
                      }
                      data-testid="settings-sms-level"
                    />
                  </Grid.Col>
                  <Grid.Col span={{ base: 12, sm: 3 }}>
                    <TextInput
                      id={`settings-sms-${index}-mobile`}
                      label={m.smsMobile}
                      value={row.mobile}
                      disabled={!editable}
                      error={errors[`smsRecipients.${index}.mobile`]}
                      onChange={(event) => onChange(index, { mobile: event.currentTarget.value })}
                      dir="ltr"
                      inputMode="tel"
                      type="tel"
                      autoComplete="off"
                      placeholder="۰۹۱۲…"
                      data-testid="settings-sms-mobile"
                    />
                  </Grid.Col>
                  <Grid.Col span={{ base: editable ? 10 : 12, sm: editable ? 4 : 5 }}>
                    <NativeSelect
                      id={`settings-sms-${index}-unit`}
                      label={m.smsUnit}
                      value={row.unitId}
                      disabled={!editable}
                      error={errors[`smsRecipients.${index}.unitId`]}
                      onChange={(event) => onChange(index, { unitId: event.currentTarget.value })}
                      data={unitOptions}
                      data-testid="settings-sms-unit"
                    />
                  </Grid.Col>
                  {editable ? (
                    <Grid.Col span={{ base: 2, sm: 1 }}>
                      <ActionIcon
                        id={`settings-sms-${index}-remove`}
                        variant="light"
                        color="red"
                        size="lg"
                        mt={25}
                        aria-label={fillWords(m.smsRemove, { n: formatNumber(index + 1, language) })}
                        onClick={() => onRemove(index)}
                        data-testid="settings-sms-remove"
                      >
                        <span aria-hidden>✕</span>
                      </ActionIcon>
                    </Grid.Col>
                  ) : null}
                </Grid>
              </Paper>
            );
          })}
        </Stack>
      )}
      <Text
        id="settings-sms-error"
        tabIndex={-1}
        role="alert"
        c="red.9"
        size="sm"
        mt={errors.smsRecipients ? 'xs' : 0}
        data-testid="settings-sms-error"
      >
        {errors.smsRecipients ?? ''}
      </Text>
      {editable ? (
        <Group gap="sm" mt="sm">
          <Button
            id="settings-sms-add"
            variant="light"
            onClick={onAdd}
            disabled={full}
            aria-describedby="settings-sms-max"
            data-testid="settings-sms-add"
          >
            {m.smsAdd}
          </Button>
          <Text id="settings-sms-max" size="sm" c="dimmed">
            {max}
          </Text>
        </Group>
      ) : null}
    </Section>
  );
}
