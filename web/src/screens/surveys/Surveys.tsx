import { Tabs } from '@mantine/core';
import { lazy, Suspense } from 'react';
import { useLocation, useNavigate } from 'react-router';
import { useMessages } from '../../i18n.js';
import NotFound from '../../shell/NotFound.js';
import { ScreenTitle } from '../../ui/ScreenTitle.js';
import { LoadingState } from '../../ui/states.js';

// Each tab its own chunk: the officer's worklist does not load the questionnaire editor.
const SurveyWorklist = lazy(() => import('./SurveyWorklist.js'));
const EndedSurveys = lazy(() => import('./EndedSurveys.js'));
const QuestionnaireTab = lazy(() => import('./QuestionnaireTab.js'));
const SamplingTab = lazy(() => import('./SamplingTab.js'));

const messages = {
  fa: {
    title: 'نظرسنجی تلفنی',
    description:
      'آیا کار واحدهای اجرایی واقعاً مشکل مشترک را برطرف کرد؟ نمونه‌ای از درخواست‌های رفع‌شده هر هفته انتخاب می‌شود و کارشناس نظرسنجی با مشترک تماس می‌گیرد.',
    tabs: 'بخش‌های نظرسنجی',
    'tab.worklist': 'فهرست تماس‌ها',
    'tab.ended': 'پایان‌یافته‌ها',
    'tab.questionnaire': 'پرسش‌نامه',
    'tab.sampling': 'نمونه‌گیری و تماس',
  },
  en: {
    title: 'Telephone surveys',
    description:
      'Did the operational units’ work really fix the customer’s problem? A sample of the resolved requests is drawn each week and a survey officer calls the customer.',
    tabs: 'Survey sections',
    'tab.worklist': 'Calls to make',
    'tab.ended': 'Ended',
    'tab.questionnaire': 'Questionnaire',
    'tab.sampling': 'Sampling and calls',
  },
};

/** The area's tabs by their address (the first is /surveys itself). */
const tabs = [
  { value: 'worklist', path: '/surveys', label: 'tab.worklist', Screen: SurveyWorklist },
  { value: 'ended', path: '/surveys/ended', label: 'tab.ended', Screen: EndedSurveys },
  { value: 'questionnaire', path: '/surveys/questionnaire', label: 'tab.questionnaire', Screen: QuestionnaireTab },
  { value: 'sampling', path: '/surveys/settings', label: 'tab.sampling', Screen: SamplingTab },
] as const;

/**
 * «نظرسنجی تلفنی» (surveys:read): the calls due (the survey officer's landing page), the surveys ended with their
 * outcome, the questionnaire and its versions, and the sampling rules — one tab each, each at its own address so a
 * tab can be linked to and going back returns to it. One survey's call page is /surveys/<id> (`SurveyCall`).
 */
export default function Surveys() {
  const m = useMessages(messages);
  const navigate = useNavigate();
  const { pathname } = useLocation();
  const current = tabs.find((t) => t.path === (pathname.replace(/\/+$/, '') || '/'));
  if (!current) return <NotFound />;
  return (
    <>
      <ScreenTitle description={m.description}>{m.title}</ScreenTitle>
      <Tabs
        value={current.value}
        onChange={(value) => {
          const next = tabs.find((t) => t.value === value);
          if (next) navigate(next.path);
        }}
        keepMounted={false}
        variant="outline"
        styles={{ tab: { paddingInline: 'var(--mantine-spacing-xs)' } }}
      >
        <Tabs.List aria-label={m.tabs} mb="md" data-testid="survey-tabs">
          {tabs.map((t) => (
            <Tabs.Tab key={t.value} value={t.value} data-testid={`survey-tab-${t.value}`}>
              {m[t.label]}
            </Tabs.Tab>
          ))}
        </Tabs.List>
        {tabs.map(({ value, Screen }) => (
          <Tabs.Panel key={value} value={value}>
            <Suspense fallback={<LoadingState />}>
              <Screen />
            </Suspense>
          </Tabs.Panel>
        ))}
      </Tabs>
    </>
  );
}
