import { api } from '../../api/client';
import { useRead } from '../../api/hooks';
import type { PartnerDashboard, PartnerView } from '../../api/types';

/** GET /v1/partners/{partnerId} at this tab's last write; a 404 (`PARTNER_NOT_FOUND`) means "not applied yet". */
export function usePartner(partnerId: string) {
  return useRead<PartnerView>(['partner', partnerId], (minPosition) => api.GET('/v1/partners/{partnerId}', { params: { path: { partnerId }, query: { minPosition } } }), { retry: false });
}

/** GET /v1/partners/{partnerId}/dashboard at this tab's last write. */
export function useDashboard(partnerId: string, enabled: boolean) {
  return useRead<PartnerDashboard>(['dashboard', partnerId], (minPosition) => api.GET('/v1/partners/{partnerId}/dashboard', { params: { path: { partnerId }, query: { minPosition } } }), { enabled });
}
