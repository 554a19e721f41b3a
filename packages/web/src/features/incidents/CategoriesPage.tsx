import { PlusOutlined } from '@ant-design/icons';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import {
  Alert,
  App,
  Button,
  Card,
  Form,
  Input,
  InputNumber,
  Modal,
  Select,
  Space,
  Switch,
  Table,
  Typography,
} from 'antd';
import { useState } from 'react';
import { api, errorMessage } from '../../app/api.ts';
import { applyFieldErrors } from '../../app/forms.ts';
import { useI18n } from '../../app/i18n.tsx';
import { GROUPS, type Group, type IncidentCategory, incKeys, useCategories } from './api.ts';
import { GroupTag, SiteSelect, useIncidentLabels, useLocalName, useSiteChoice } from './shared.tsx';

interface Row extends IncidentCategory {
  children?: Row[];
}

interface Values {
  parentId: string | null;
  nameZh: string;
  nameEn: string;
  group?: Group;
  sortOrder: number;
}

/**
 * 警情类别: the site's category tree (two levels), kept by police. Each category belongs to a
 * group the analysis counts by; a category is retired rather than deleted, so old incidents keep
 * theirs.
 */
export default function CategoriesPage() {
  const { t } = useI18n();
  const { message } = App.useApp();
  const labels = useIncidentLabels();
  const name = useLocalName();
  const queryClient = useQueryClient();
  const { siteId, setSiteId } = useSiteChoice();
  const categories = useCategories(siteId);
  const [editing, setEditing] = useState<{
    category: IncidentCategory | null;
    parentId: string | null;
  } | null>(null);
  const [form] = Form.useForm<Values>();
  const [onFields, setOnFields] = useState(false);
  const items = categories.data?.items ?? [];
  const byOrder = (a: IncidentCategory, b: IncidentCategory) => a.sortOrder - b.sortOrder;
  const tree: Row[] = items
    .filter((c) => !c.parentId)
    .sort(byOrder)
    .map((root) => {
      const children = items.filter((c) => c.parentId === root.id).sort(byOrder);
      return children.length ? { ...root, children } : { ...root };
    });

  const refresh = () => queryClient.invalidateQueries({ queryKey: incKeys.categories(siteId ?? '') });
  const save = useMutation({
    mutationFn: (v: Values) =>
      editing?.category
        ? api.patch(`/incidents/categories/${editing.category.id}`, {
            nameZh: v.nameZh,
            nameEn: v.nameEn,
            group: v.group,
            sortOrder: v.sortOrder,
          })
        : api.post('/incidents/categories', { siteId, ...v, parentId: editing?.parentId ?? null }),
    onSuccess: () => {
      message.success(t('inc.saved'));
      setEditing(null);
      void refresh();
    },
    onError: (e) => {
      setOnFields(applyFieldErrors(form, e));
    },
  });
  const toggle = useMutation({
    mutationFn: (c: IncidentCategory) => api.patch(`/incidents/categories/${c.id}`, { active: !c.active }),
    onSuccess: () => void refresh(),
    onError: (e) => message.error(errorMessage(e)),
  });

  const open = (category: IncidentCategory | null, parentId: string | null) => {
    setEditing({ category, parentId });
    form.resetFields();
    const parent = items.find((c) => c.id === parentId);
    form.setFieldsValue(
      category
        ? { ...category }
        : { parentId, nameZh: '', nameEn: '', group: parent?.group ?? 'other', sortOrder: 0 },
    );
  };

  return (
    <Card
      title={t('inc.cat.title')}
      extra={
        <Space>
          <SiteSelect siteId={siteId} onChange={setSiteId} />
          <Button
            type="primary"
            icon={<PlusOutlined />}
            onClick={() => open(null, null)}
            data-testid="cat-add-root"
          >
            {t('inc.cat.addRoot')}
          </Button>
        </Space>
      }
    >
      <Typography.Paragraph type="secondary">{t('inc.cat.hint')}</Typography.Paragraph>
      {categories.error && <Alert type="error" showIcon title={errorMessage(categories.error)} />}
      <Table<Row>
        rowKey="id"
        size="middle"
        loading={categories.isPending}
        dataSource={tree}
        pagination={false}
        expandable={{ defaultExpandAllRows: true }}
        key={tree.length}
        data-testid="category-tree"
        columns={[
          {
            title: t('inc.field.category'),
            render: (_, c) => (
              <Typography.Text delete={!c.active} strong={!c.parentId}>
                {name(c)}
                {c.parentId ? null : <Typography.Text type="secondary"> · {c.nameEn}</Typography.Text>}
              </Typography.Text>
            ),
          },
          {
            title: t('inc.cat.group'),
            width: 120,
            render: (_, c) => <GroupTag group={c.group}>{labels.group(c.group)}</GroupTag>,
          },
          { title: '#', dataIndex: 'sortOrder', width: 60 },
          {
            title: t('inc.actions'),
            width: 300,
            render: (_, c) => (
              <Space>
                <Button size="small" type="link" onClick={() => open(c, c.parentId)}>
                  {t('inc.edit')}
                </Button>
                {!c.parentId && (
                  <Button size="small" type="link" onClick={() => open(null, c.id)}>
                    {t('inc.cat.addChild')}
                  </Button>
                )}
                <Switch
                  size="small"
                  checked={c.active}
                  loading={toggle.isPending && toggle.variables?.id === c.id}
                  onChange={() => toggle.mutate(c)}
                  checkedChildren={t('inc.cat.active')}
                  unCheckedChildren={t('inc.cat.retired')}
                />
              </Space>
            ),
          },
        ]}
      />
      <Modal
        open={!!editing}
        onCancel={() => setEditing(null)}
        onOk={() => form.submit()}
        confirmLoading={save.isPending}
        title={
          editing?.category ? t('inc.edit') : editing?.parentId ? t('inc.cat.addChild') : t('inc.cat.addRoot')
        }
        destroyOnHidden
      >
        {save.error && !onFields && (
          <Alert type="error" showIcon title={errorMessage(save.error)} style={{ marginBottom: 12 }} />
        )}
        <Form<Values> form={form} layout="vertical" onFinish={(v) => save.mutate(v)}>
          <Form.Item name="parentId" label={t('inc.cat.parent')}>
            <Select
              disabled
              options={[
                { value: null, label: t('inc.cat.none') },
                ...items.filter((c) => !c.parentId).map((c) => ({ value: c.id, label: name(c) })),
              ]}
            />
          </Form.Item>
          <Form.Item
            name="nameZh"
            label={t('inc.cat.nameZh')}
            rules={[{ required: true, whitespace: true, message: t('inc.required') }]}
          >
            <Input maxLength={40} />
          </Form.Item>
          <Form.Item
            name="nameEn"
            label={t('inc.cat.nameEn')}
            rules={[{ required: true, whitespace: true, message: t('inc.required') }]}
          >
            <Input maxLength={80} />
          </Form.Item>
          <Form.Item name="group" label={t('inc.cat.group')} rules={[{ required: true }]}>
            <Select<Group> options={GROUPS.map((g) => ({ value: g, label: labels.group(g) }))} />
          </Form.Item>
          <Form.Item name="sortOrder" label="#">
            <InputNumber min={0} max={999} />
          </Form.Item>
        </Form>
      </Modal>
    </Card>
  );
}
