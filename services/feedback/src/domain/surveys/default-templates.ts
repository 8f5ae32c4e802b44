import { surveyDimensions, type SurveyTemplate } from '@ctp/contracts';

const dimensionWording = { efficiency: 'How efficiently was it handled?', speed: 'How quick was it?', resolution: 'How well was it resolved?', attitude: 'How was our staff’s attitude?', environment: 'How was the service environment?', personalisation: 'How well did we fit your needs?' } as const;

/** Sent after a resolved case: CSAT, CES, the six dimensions and a comment. */
export const caseSurveyTemplate: SurveyTemplate = {
  id: 'case-survey',
  version: 1,
  kind: 'transactional',
  title: 'How did we do?',
  questions: [
    { id: 'csat', kind: 'csat', text: 'How satisfied are you with how we handled your case? (1-5)' },
    { id: 'ces', kind: 'ces', text: 'The company made it easy for me to handle my issue. (1-7)' },
    ...surveyDimensions.map((dimension) => ({ id: dimension, kind: 'dimension' as const, dimension, text: `${dimensionWording[dimension]} (0-100)` })),
    { id: 'comment', kind: 'comment', text: 'Anything else you want to tell us?' },
  ],
};

/** The sampled relationship survey: NPS and its why. */
export const relationshipSurveyTemplate: SurveyTemplate = {
  id: 'relationship-nps',
  version: 1,
  kind: 'relationship',
  title: 'Would you recommend us?',
  questions: [
    { id: 'nps', kind: 'nps', text: 'How likely are you to recommend us to a friend or colleague? (0-10)' },
    { id: 'why', kind: 'nps_why', text: 'What is the main reason for your score?' },
  ],
};

export const defaultSurveyTemplates = [caseSurveyTemplate, relationshipSurveyTemplate] as const;
