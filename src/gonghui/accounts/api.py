from ninja import Router, Schema

router = Router(tags=["accounts 账户"])


class RoleOut(Schema):
    kind: str
    organization_id: int
    organization_name: str


class MeOut(Schema):
    username: str
    name: str
    roles: list[RoleOut]


@router.get("/me", response=MeOut)
def me(request):
    """The caller and the roles that decide what they see."""
    user = request.user
    roles = [
        {
            "kind": r.kind,
            "organization_id": r.organization_id,
            "organization_name": r.organization.name,
        }
        for r in user.active_roles
    ]
    return {"username": user.username, "name": user.get_full_name(), "roles": roles}
