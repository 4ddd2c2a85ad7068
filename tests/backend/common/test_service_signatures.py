"""Services take what they name: an unknown field is refused, never silently dropped."""

import inspect

import pytest

from backend.common.services import model_update
from backend.interventions.services import intervention_create
from backend.partners.services import liaison_create, partner_create
from backend.planning.services import weight_profile_create
from backend.surveys.services import neighborhood_create
from tests.factories import PartnerFactory

CREATES = [neighborhood_create, partner_create, liaison_create, weight_profile_create, intervention_create]


@pytest.mark.django_db  # the call opens its transaction before Python checks the arguments
@pytest.mark.parametrize("service", CREATES, ids=lambda service: service.__name__)
def test_create_services_are_keyword_only_and_typed(service):
    parameters = inspect.signature(service).parameters.values()
    assert all(p.kind is inspect.Parameter.KEYWORD_ONLY for p in parameters)
    assert all(p.annotation is not inspect.Parameter.empty for p in parameters)
    with pytest.raises(TypeError, match="unexpected keyword argument 'colour'"):
        service(colour="blue")


@pytest.mark.django_db
def test_an_update_naming_an_unknown_field_changes_nothing():
    partner = PartnerFactory(name="مسجد النبی")
    with pytest.raises(TypeError, match="no field to change named colour"):
        model_update(partner, fields=("name",), data={"name": "تازه", "colour": "blue"})
    partner.refresh_from_db()
    assert partner.name == "مسجد النبی"
