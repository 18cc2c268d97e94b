// How CSV cells become lead fields, per provider (used by plan and push).
// Column types for CSV cells: only magnetite has typed (non-string) fields.
export const CSV_TYPES = {
  magnetite: {
    company: 'object',
    contact: 'object',
    researchData: 'object',
    extraContext: 'object',
    customData: 'object',
    'company.employeeCount': 'integer',
    'company.revenue': 'number',
    'company.foundedYear': 'integer',
    'company.technologies': 'string[]',
    'company.signals': 'object',
    'company.signals.recentFunding.amount': 'number',
    'company.signals.hiringSignals.isHiring': 'boolean',
    'company.signals.hiringSignals.openRoles': 'integer',
    'company.signals.growthIndicators.employeeGrowth': 'number',
    'company.signals.growthIndicators.revenueGrowth': 'number',
  },
  puffle: { custom_fields: 'object' },
};

export function csvOptionsFor(provider) {
  return {
    nest:
      provider === 'magnetite'
        ? () => true
        : provider === 'puffle'
          ? (name) => name.startsWith('custom_fields.')
          : () => false,
    types: CSV_TYPES[provider] || {},
  };
}
