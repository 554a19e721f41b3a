import { PlusOutlined, ReloadOutlined, SearchOutlined } from '@ant-design/icons';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import {
  App,
  Badge,
  Button,
  Card,
  Form,
  Input,
  Modal,
  Popconfirm,
  Select,
  Space,
  Table,
  Tag,
  Typography,
} from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useMemo, useState } from 'react';
import { passwordSchema, ROLES, type Role } from '@anju/contracts';
import { api, errorMessage } from '../../app/api.ts';
import { useMe } from '../../app/auth.tsx';
import { applyFieldErrors, zodRule } from '../../app/forms.ts';
import { useI18n } from '../../app/i18n.tsx';
import { formatDateTime } from '../../app/time.ts';

interface UserRow {
  id: string;
  username: string;
  displayName: string;
  role: Role;
  active: boolean;
  createdAt: string;
  siteIds: string[];
}

interface NewUserForm {
  username: string;
  displayName: string;
  role: Role;
  password: string;
  siteIds: string[];
}

const USERS_KEY = ['users'] as const;

function CreateUserModal({ open, onClose }: { open: boolean; onClose: () => void }) {
  const { t, roleLabel } = useI18n();
  const me = useMe();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const [form] = Form.useForm<NewUserForm>();
  const [formError, setFormError] = useState<string | null>(null);

  const create = useMutation({
    mutationFn: (values: NewUserForm) => api.post<{ id: string }>('/users', values),
    onSuccess: async () => {
      message.success(t('users.created'));
      await queryClient.invalidateQueries({ queryKey: USERS_KEY });
      form.resetFields();
      onClose();
    },
    onError: (error) => {
      // Field errors go beside their fields (e.g. "用户名已存在"); others above the form.
      if (!applyFieldErrors(form, error)) setFormError(errorMessage(error));
    },
  });

  return (
    <Modal
      open={open}
      title={t('users.createTitle')}
      okText={t('common.create')}
      onOk={() => form.submit()}
      confirmLoading={create.isPending}
      onCancel={() => {
        form.resetFields();
        setFormError(null);
        onClose();
      }}
      forceRender
    >
      {formError && <Typography.Text type="danger">{formError}</Typography.Text>}
      <Form<NewUserForm>
        form={form}
        layout="vertical"
        initialValues={{ role: 'property', siteIds: me.sites.map((s) => s.id) }}
        onValuesChange={() => setFormError(null)}
        onFinish={(values) => create.mutate(values)}
      >
        <Form.Item
          name="username"
          label={t('users.username')}
          extra={t('users.usernameHint')}
          rules={[{ required: true, message: t('users.usernameRequired') }]}
        >
          <Input autoComplete="off" maxLength={32} />
        </Form.Item>
        <Form.Item
          name="displayName"
          label={t('users.displayName')}
          rules={[{ required: true, whitespace: true, message: t('users.displayNameRequired') }]}
        >
          <Input maxLength={50} />
        </Form.Item>
        <Form.Item name="role" label={t('users.role')} rules={[{ required: true }]}>
          <Select options={ROLES.map((r) => ({ value: r, label: roleLabel(r) }))} />
        </Form.Item>
        <Form.Item name="siteIds" label={t('users.sites')}>
          <Select mode="multiple" options={me.sites.map((s) => ({ value: s.id, label: s.name }))} />
        </Form.Item>
        <Form.Item
          name="password"
          label={t('users.initialPassword')}
          extra={t('users.initialPasswordHint')}
          rules={[{ required: true, message: t('users.passwordRequired') }, zodRule(passwordSchema)]}
        >
          <Input.Password autoComplete="new-password" maxLength={256} />
        </Form.Item>
      </Form>
    </Modal>
  );
}

export default function UsersPage() {
  const { t, roleLabel } = useI18n();
  const me = useMe();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const [creating, setCreating] = useState(false);
  const [keyword, setKeyword] = useState('');
  const [roleFilter, setRoleFilter] = useState<Role | undefined>();

  const users = useQuery({
    queryKey: USERS_KEY,
    queryFn: ({ signal }) => api.get<{ items: UserRow[] }>('/users', undefined, signal),
  });

  const setActive = useMutation({
    mutationFn: ({ id, active }: { id: string; active: boolean }) => api.patch(`/users/${id}`, { active }),
    onSuccess: async (_, { active }) => {
      message.success(active ? t('users.reactivated') : t('users.deactivated'));
      await queryClient.invalidateQueries({ queryKey: USERS_KEY });
    },
    onError: (error) => message.error(errorMessage(error)),
  });

  const siteNames = useMemo(() => new Map(me.sites.map((s) => [s.id, s.name])), [me.sites]);
  const rows = useMemo(() => {
    const k = keyword.trim().toLowerCase();
    return (users.data?.items ?? []).filter(
      (u) =>
        (!roleFilter || u.role === roleFilter) &&
        (!k || u.username.toLowerCase().includes(k) || u.displayName.toLowerCase().includes(k)),
    );
  }, [users.data, keyword, roleFilter]);

  const columns: ColumnsType<UserRow> = [
    {
      title: t('users.username'),
      dataIndex: 'username',
      width: 140,
      render: (v: string) => <Typography.Text strong>{v}</Typography.Text>,
    },
    { title: t('users.displayName'), dataIndex: 'displayName' },
    {
      title: t('users.role'),
      dataIndex: 'role',
      width: 100,
      render: (r: Role) => <Tag color="blue">{roleLabel(r)}</Tag>,
    },
    {
      title: t('users.sites'),
      dataIndex: 'siteIds',
      render: (ids: string[]) =>
        ids.length ? (
          ids.map((id) => <Tag key={id}>{siteNames.get(id) ?? id.slice(0, 8)}</Tag>)
        ) : (
          <Typography.Text type="secondary">—</Typography.Text>
        ),
    },
    {
      title: t('users.status'),
      dataIndex: 'active',
      width: 100,
      render: (active: boolean) => (
        <Badge
          status={active ? 'success' : 'default'}
          text={active ? t('users.active') : t('users.inactive')}
        />
      ),
    },
    {
      title: t('users.createdAt'),
      dataIndex: 'createdAt',
      width: 170,
      render: (v: string) => formatDateTime(v),
    },
    {
      title: t('common.actions'),
      key: 'actions',
      width: 120,
      render: (_, u) =>
        u.id === me.user.id ? (
          <Typography.Text type="secondary">{t('users.self')}</Typography.Text>
        ) : (
          <Popconfirm
            title={
              u.active
                ? t('users.confirmDeactivate', { name: u.displayName })
                : t('users.confirmReactivate', { name: u.displayName })
            }
            onConfirm={() => setActive.mutate({ id: u.id, active: !u.active })}
          >
            <Button type="link" danger={u.active} size="small">
              {u.active ? t('users.deactivate') : t('users.reactivate')}
            </Button>
          </Popconfirm>
        ),
    },
  ];

  return (
    <Card
      title={t('users.listTitle')}
      extra={
        <Space wrap>
          <Input
            allowClear
            prefix={<SearchOutlined />}
            placeholder={t('users.searchHint')}
            value={keyword}
            onChange={(e) => setKeyword(e.target.value)}
            style={{ width: 200 }}
          />
          <Select
            allowClear
            placeholder={t('users.role')}
            style={{ width: 120 }}
            value={roleFilter}
            onChange={setRoleFilter}
            options={ROLES.map((r) => ({ value: r, label: roleLabel(r) }))}
          />
          <Button icon={<ReloadOutlined />} onClick={() => void users.refetch()} loading={users.isFetching}>
            {t('common.refresh')}
          </Button>
          <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreating(true)}>
            {t('users.create')}
          </Button>
        </Space>
      }
    >
      {users.error && <Typography.Text type="danger">{errorMessage(users.error)}</Typography.Text>}
      <Table<UserRow>
        rowKey="id"
        size="middle"
        columns={columns}
        dataSource={rows}
        loading={users.isPending}
        scroll={{ x: 960 }}
        pagination={{ pageSize: 20, showTotal: (n) => t('common.total', { n }) }}
      />
      <CreateUserModal open={creating} onClose={() => setCreating(false)} />
    </Card>
  );
}
