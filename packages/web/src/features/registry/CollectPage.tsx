import { Segmented, Space } from 'antd';
import { useState } from 'react';
import { useI18n } from '../../app/i18n.tsx';
import { PersonForm } from './PersonForm.tsx';
import type { Picked } from './Pickers.tsx';
import { useRegistryDrawers } from './RegistryPage.tsx';
import { TenancyForm } from './TenancyForm.tsx';
import './registry.css';

/** 入户采集: register a person door to door, then (for tenants) their rental contract. */
export default function CollectPage() {
  const { t } = useI18n();
  const { params, set, drawers } = useRegistryDrawers();
  const tab = params.get('form') === 'tenancy' ? 'tenancy' : 'person';
  const [tenants, setTenants] = useState<Picked[]>([]);
  return (
    <div className="reg-collect reg-phone">
      <Space orientation="vertical" size={12} style={{ width: '100%' }}>
        <Segmented
          block
          size="large"
          value={tab}
          onChange={(v) => set('form', v === 'tenancy' ? 'tenancy' : null)}
          options={[
            { value: 'person', label: t('registry.formPerson') },
            { value: 'tenancy', label: t('registry.formTenancy') },
          ]}
        />
        {tab === 'person' ? (
          <PersonForm
            onOpenPerson={(id) => set('person', id)}
            onRegisterTenancy={(p) => {
              setTenants([{ value: p.id, label: p.name }]);
              set('form', 'tenancy');
            }}
          />
        ) : (
          <TenancyForm
            key={tenants.map((p) => p.value).join()}
            initialTenants={tenants}
            onOpenRoom={(id) => set('room', id)}
          />
        )}
      </Space>
      {drawers}
    </div>
  );
}
