import { z } from 'zod';
import { BOARD_TYPES } from '../../domain/boards/rules';
import { DateTimeInput, NonEmpty } from '../../http/inputs';

const text = (max = 2_000) => z.string().trim().max(max).nullish();
const Metrics = z.record(z.string(), z.unknown());

export const OnboardingAnswer = z
  .object({ answer: NonEmpty('answer is required', 10_000), other_text: text(10_000) })
  .meta({ id: 'BoardOnboardingAnswer' });

export const OnboardingConfirm = z
  .object({
    board_type: z.enum(BOARD_TYPES),
    objective: text(10_000),
    success_metrics: Metrics.nullish(),
    target_date: DateTimeInput.nullish(),
  })
  .meta({ id: 'BoardOnboardingConfirm' });

const LeadAgent = z.object({
  name: text(200),
  identity_profile: z.record(z.string(), z.string().max(2_000)).nullish(),
  autonomy_level: text(100),
  verbosity: text(100),
  output_format: text(100),
  update_cadence: text(100),
  custom_instructions: text(10_000),
});

export const OnboardingCompletion = z
  .object({
    status: z.literal('complete'),
    board_type: z.enum(BOARD_TYPES),
    objective: text(10_000),
    success_metrics: Metrics.nullish(),
    target_date: text(64),
    user_profile: z.object({ preferred_name: text(200), pronouns: text(100), timezone: text(100), notes: text(10_000), context: text(10_000) }).nullish(),
    lead_agent: LeadAgent.nullish(),
  })
  .meta({ id: 'BoardOnboardingAgentComplete' });

export const OnboardingQuestion = z
  .object({
    question: NonEmpty('question is required', 4_000),
    options: z.array(z.object({ id: NonEmpty('option id is required', 100), label: NonEmpty('option label is required', 1_000) })).min(1).max(20),
  })
  .meta({ id: 'BoardOnboardingAgentQuestion' });

/** A completion when the body says `status: "complete"`, otherwise a question (bug 26: never ambiguous). */
export const OnboardingAgentUpdate = z.union([OnboardingCompletion, OnboardingQuestion]);
