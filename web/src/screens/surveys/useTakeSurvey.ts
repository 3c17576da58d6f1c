import { useState } from 'react';
import { useLocation, useNavigate } from 'react-router';
import { useMutationWithErrors } from '../../ui/mutation.js';
import { TakeSurveyMutation } from './survey.queries.js';

/** The call page of a survey (its global id in the address). */
export const surveyPath = (id: string) => `/surveys/${encodeURIComponent(id)}`;

/**
 * «شروع تماس»: takes a survey (its number is shown to this officer only, and nobody else calls the customer for half an
 * hour) and opens its call page. A survey another officer holds is refused (CONFLICT): `error` is the server's words.
 */
export function useTakeSurvey() {
  const navigate = useNavigate();
  const { pathname } = useLocation();
  const take = useMutationWithErrors(TakeSurveyMutation, (d) => d.takeSurvey);
  const [taking, setTaking] = useState<string | null>(null);
  const start = async (surveyId: string) => {
    setTaking(surveyId);
    const outcome = await take.run({ surveyId });
    setTaking(null);
    // Taken from its own call page, it stays there (the page shows the number).
    if (outcome.ok && pathname !== surveyPath(surveyId)) navigate(surveyPath(surveyId));
    return outcome;
  };
  return { start, taking, error: take.formError, clearError: () => take.setFormError(null) };
}
