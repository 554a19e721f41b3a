import { PlusOutlined, ReloadOutlined, SearchOutlined } from '@ant-design/icons';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import {
  Alert,
  App,
  Badge,
  Button,
  Card,
  Checkbox,
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
import { useEffect, useMemo, useState } from 'react';
import { type AccountChange, passwordSchema, POLICE_SIDE_ROLES, ROLES, type Role } from '@anju/contracts';
import { api, errorMessage } from '../../app/api.ts';
import { useMe } from '../../app/auth.tsx';
import { applyFieldErrors, zodRule } from '../../app/forms.ts';
import { useI18n } from '../../app/i18n.tsx';
import { formatDateTime } from '../../app/time.ts';
import { accountChangeColumns } from './account-changes.tsx';

interface UserRow {
  id: string;
  username: string;
  displayName: string;
  role: Role;
  active: boolean;
  mustChangePassword: boolean;
  createdAt: string;
  siteIds: string[];
  /** A change of this account waiting for a police officer's approval. */
  pendingChangeId: string | null;
}

interface EditUserForm {
  displayName: string;
  role: Role;
  siteIds: string[];
  /** A new password, for accounts that are not police-side. */
  password?: string;
  /** Police-side accounts: ask for a new password, issued to the approving officer. */
  resetPassword?: boolean;
}

interface NewUserForm {
  username: string;
  displayName: string;
  role: Role;
  /** Not for police-side accounts: theirs is issued to the approving officer. */
  password?: string;
  siteIds: string[];
}

const isPoliceSide = (role: Role | undefined) => !!role && POLICE_SIDE_ROLES.includes(role);

const USERS_KEY = ['users'] as const;
const CHANGES_KEY = ['users', 'changes'] as const;

function CreateUserModal({ open, onClose }: { open: boolean; onClose: () => void }) {
  const { t, roleLabel } = useI18n();
  const me = useMe();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const [form] = Form.useForm<NewUserForm>();
  const [formError, setFormError] = useState<string | null>(null);
  const policeSide = isPoliceSide(Form.useWatch('role', form));

  const create = useMutation({
    mutationFn: (values: NewUserForm) =>
      api.post<{ id: string } | { pendingChangeId: string }>('/users', values),
    onSuccess: async (result) => {
      // Police and auxiliary accounts come into being only once a police officer approves them.
      message.success('pendingChangeId' in result ? t('users.createdPending') : t('users.created'));
      // Closed at once: the list and the requests below refresh behind it.
      form.resetFields();
      onClose();
      await queryClient.invalidateQueries({ queryKey: USERS_KEY });
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
        onFinish={(values) => create.mutate(policeSide ? { ...values, password: undefined } : values)}
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
        <Form.Item
          name="role"
          label={t('users.role')}
          rules={[{ required: true }]}
          extra={t('users.policeSideNeedsApproval')}
        >
          <Select options={ROLES.map((r) => ({ value: r, label: roleLabel(r) }))} />
        </Form.Item>
        <Form.Item name="siteIds" label={t('users.sites')}>
          <Select mode="multiple" options={me.sites.map((s) => ({ value: s.id, label: s.name }))} />
        </Form.Item>
        {policeSide ? (
          <Alert type="info" showIcon title={t('users.policeSidePassword')} />
        ) : (
          <Form.Item
            name="password"
            label={t('users.initialPassword')}
            extra={t('users.initialPasswordHint')}
            rules={[{ required: true, message: t('users.passwordRequired') }, zodRule(passwordSchema)]}
          >
            <Input.Password autoComplete="new-password" maxLength={256} />
          </Form.Item>
        )}
      </Form>
    </Modal>
  );
}

/** Name, role, sites and a new password; what needs a police officer's approval waits for it. */
function EditUserModal({ user, onClose }: { user: UserRow | null; onClose: () => void }) {
  const { t, roleLabel } = useI18n();
  const me = useMe();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const [form] = Form.useForm<EditUserForm>();
  const [formError, setFormError] = useState<string | null>(null);

  useEffect(() => {
    if (user) {
      form.setFieldsValue({
        displayName: user.displayName,
        role: user.role,
        siteIds: user.siteIds,
        password: '',
        resetPassword: false,
      });
      setFormError(null);
    }
  }, [user, form]);

  const chosenRole = Form.useWatch('role', form);
  // The admin never chooses a police-side password (they could sign in as the officer).
  const policeSide = isPoliceSide(user?.role) || isPoliceSide(chosenRole);

  const save = useMutation({
    mutationFn: (patch: Record<string, unknown>) =>
      api.patch<{ ok: true; pendingChangeId: string | null }>(`/users/${user?.id}`, patch),
    onSuccess: async (result) => {
      message.success(result.pendingChangeId ? t('users.savedPending') : t('users.saved'));
      onClose();
      await queryClient.invalidateQueries({ queryKey: USERS_KEY });
    },
    onError: (error) => {
      if (!applyFieldErrors(form, error)) setFormError(errorMessage(error));
    },
  });

  const submit = (values: EditUserForm) => {
    if (!user) return;
    const patch: Record<string, unknown> = {};
    if (values.displayName.trim() !== user.displayName) patch.displayName = values.displayName.trim();
    if (values.role !== user.role) patch.role = values.role;
    const sites = [...(values.siteIds ?? [])].sort();
    if (sites.join() !== [...user.siteIds].sort().join()) patch.siteIds = sites;
    if (policeSide && values.resetPassword) patch.resetPassword = true;
    if (!policeSide && values.password) patch.password = values.password;
    if (!Object.keys(patch).length) {
      onClose();
      return;
    }
    save.mutate(patch);
  };

  return (
    <Modal
      open={!!user}
      title={user ? t('users.editTitle', { name: user.displayName }) : ''}
      okText={t('users.save')}
      onOk={() => form.submit()}
      confirmLoading={save.isPending}
      onCancel={onClose}
      forceRender
    >
      <Alert type="info" showIcon title={t('users.approvalNote')} style={{ marginBottom: 16 }} />
      {formError && <Typography.Text type="danger">{formError}</Typography.Text>}
      <Form<EditUserForm>
        form={form}
        // Its own field ids: the create dialog beside it has fields of the same names.
        name="editUser"
        layout="vertical"
        onValuesChange={() => setFormError(null)}
        onFinish={submit}
      >
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
        {policeSide ? (
          <Form.Item name="resetPassword" valuePropName="checked" extra={t('users.requestResetHint')}>
            <Checkbox>{t('users.requestReset')}</Checkbox>
          </Form.Item>
        ) : (
          <Form.Item
            name="password"
            label={t('users.resetPassword')}
            extra={t('users.resetPasswordHint')}
            rules={[zodRule(passwordSchema)]}
          >
            <Input.Password autoComplete="new-password" maxLength={256} />
          </Form.Item>
        )}
      </Form>
    </Modal>
  );
}

/** The admin's requests: waiting ones first (with withdraw), then the latest decided. */
function AccountChangesCard() {
  const i18n = useI18n();
  const { t } = i18n;
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const changes = useQuery({
    queryKey: CHANGES_KEY,
    queryFn: ({ signal }) => api.get<{ items: AccountChange[] }>('/users/changes', undefined, signal),
  });
  const cancel = useMutation({
    mutationFn: (id: string) => api.post<AccountChange>(`/users/changes/${id}/cancel`),
    onSuccess: async () => {
      message.success(t('users.changeCancelled'));
      await queryClient.invalidateQueries({ queryKey: USERS_KEY });
    },
    onError: (error) => message.error(errorMessage(error)),
  });
  const items = changes.data?.items ?? [];
  const waiting = items.filter((c) => c.status === 'pending').length;

  const columns: ColumnsType<AccountChange> = [
    ...accountChangeColumns(i18n),
    {
      title: t('common.actions'),
      key: 'actions',
      width: 100,
      render: (_, c) =>
        c.status === 'pending' ? (
          <Popconfirm title={t('users.confirmCancelChange')} onConfirm={() => cancel.mutate(c.id)}>
            <Button type="link" size="small" danger>
              {t('users.cancelChange')}
            </Button>
          </Popconfirm>
        ) : null,
    },
  ];

  return (
    <Card
      title={
        <Space>
          {t('users.changesTitle')}
          {waiting > 0 && <Badge count={waiting} />}
        </Space>
      }
      style={{ marginTop: 16 }}
      data-testid="account-changes"
    >
      {changes.error && <Typography.Text type="danger">{errorMessage(changes.error)}</Typography.Text>}
      <Table<AccountChange>
        rowKey="id"
        size="small"
        columns={columns}
        dataSource={items}
        loading={changes.isPending}
        locale={{ emptyText: t('users.changesEmpty') }}
        scroll={{ x: 960 }}
        pagination={{ pageSize: 10, hideOnSinglePage: true }}
      />
    </Card>
  );
}

export default function UsersPage() {
  const { t, roleLabel } = useI18n();
  const me = useMe();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const [creating, setCreating] = useState(false);
  const [editing, setEditing] = useState<UserRow | null>(null);
  const [keyword, setKeyword] = useState('');
  const [roleFilter, setRoleFilter] = useState<Role | undefined>();

  const users = useQuery({
    queryKey: USERS_KEY,
    queryFn: ({ signal }) => api.get<{ items: UserRow[] }>('/users', undefined, signal),
  });

  const setActive = useMutation({
    mutationFn: ({ id, active }: { id: string; active: boolean }) =>
      api.patch<{ ok: true; pendingChangeId: string | null }>(`/users/${id}`, { active }),
    onSuccess: async (result, { active }) => {
      // Re-enabling a police or auxiliary account waits for a police officer's approval.
      message.success(
        result.pendingChangeId
          ? t('users.savedPending')
          : active
            ? t('users.reactivated')
            : t('users.deactivated'),
      );
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
      width: 140,
      render: (active: boolean, u) => (
        <Space size={4} wrap>
          <Badge
            status={active ? 'success' : 'default'}
            text={active ? t('users.active') : t('users.inactive')}
          />
          {u.pendingChangeId && <Tag color="gold">{t('users.pendingTag')}</Tag>}
          {u.mustChangePassword && <Tag>{t('users.mustChangePasswordTag')}</Tag>}
        </Space>
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
      width: 150,
      render: (_, u) =>
        u.id === me.user.id ? (
          <Typography.Text type="secondary">{t('users.self')}</Typography.Text>
        ) : (
          <Space size={0}>
            <Button type="link" size="small" onClick={() => setEditing(u)}>
              {t('users.edit')}
            </Button>
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
          </Space>
        ),
    },
  ];

  return (
    <>
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
        <EditUserModal user={editing} onClose={() => setEditing(null)} />
      </Card>
      <AccountChangesCard />
    </>
  );
}
