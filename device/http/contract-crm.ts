/**
 * The staff CRM API (types only; the UI imports them through contract.ts). Every route needs
 * `Authorization: Bearer <token>` of a staff session; without one: 401 {error:'unauthorized'}.
 * Refused changes answer 422 (or 404 for an unknown contact) with ApiError {error: CrmErrorCode, message, missing?}.
 *
 *   GET    /api/staff/leads?search&stage&tag&source&campaign&from&to&field&value&limit&offset -> LeadPage
 *   GET    /api/staff/contacts/:id                      -> ContactDetail
 *   POST   /api/staff/contacts/:id/stage   {stage, note} -> ContactDetail
 *   POST   /api/staff/contacts/:id/notes   {text}        -> ContactDetail
 *   PATCH  /api/staff/contacts/:id/fields  {field, value} -> ContactDetail
 *   POST   /api/staff/contacts/:id/tags    {tag}         -> ContactDetail
 *   DELETE /api/staff/contacts/:id/tags/:tag             -> ContactDetail
 *   POST   /api/staff/contacts/:id/outcome OutcomeInput  -> ContactDetail
 *   POST   /api/staff/contacts/:id/merge   {otherId}     -> ContactDetail (the other contact is absorbed into :id)
 *   DELETE /api/staff/contacts/:id                       -> 204 (erased for good)
 *   GET    /api/staff/dashboard?from&to&granularity&field&value -> Dashboard (field&value: only the contacts who gave that answer)
 *   GET    /api/staff/crm-settings                       -> CrmSettings
 *   PUT    /api/staff/crm-settings  Partial<CrmSettings> -> CrmSettings | 422 {error:'settings_invalid', message, issues}
 *   GET    /api/staff/export.csv                          -> text/csv (formula prefixes neutralised; streamed a page at a time)
 */
export type {
  Actor,
  ContactDetail,
  ContactSummary,
  CountBy,
  CrmErrorCode,
  CrmFieldValue,
  CrmSettings,
  Dashboard,
  DashboardAnswer,
  DashboardQuery,
  LeadPage,
  LeadQuery,
  OutcomeInput,
  OutcomeReason,
  OutcomeView,
  StageDef,
  StageRef,
  TagCategory,
  TagDef,
  TagRef,
  TimelineItem,
} from '../crm/types.js';

/** A refused CRM change, as the API answers it. */
export interface CrmApiError {
  error: string;
  message: string;
  /** criteria_unmet: what the contact still lacks, by the names staff know ('Phone number', 'a Service interest tag'). */
  missing?: string[];
  /** settings_invalid: each wrong setting's path and the reason. */
  issues?: { path: string; message: string }[];
}
