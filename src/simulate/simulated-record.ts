import type { CaseCount } from '../domain/case-count.js';
import type { DisputeReport } from '../domain/dispute-report.js';
import type { HotlineComplaint } from '../domain/hotline-complaint.js';

/** Input records as a JSONL replay file carries them: the topic's schema plus `stream`. */
export type SimulatedHotline = { stream: 'hotline' } & HotlineComplaint;
export type SimulatedDispute = { stream: 'dispute' } & DisputeReport;
export type SimulatedCaseCount = { stream: 'cases' } & CaseCount;
export type SimulatedRecord = SimulatedHotline | SimulatedDispute | SimulatedCaseCount;

