"""What a scenario names and its diagram leaves out."""

from worker.coverage import not_drawn

SHOP = (
    "An online shop sells products to customers. A customer places orders; each order contains"
    " order lines, and every order line refers to one product. Payments are handled by a"
    " payment service."
)


def test_it_lists_the_names_a_diagram_leaves_out():
    code = "@startuml\nclass Customer\n@enduml"

    missing = not_drawn(SHOP, code, "class")

    assert "Product" in missing and "Order" in missing
    assert "Customer" not in missing


def test_a_name_inside_a_longer_element_counts_as_drawn():
    code = "@startuml\ncomponent PaymentService\ncomponent OnlineShop\n@enduml"

    assert "Payment Service" not in not_drawn(SHOP, code, "component")


def test_nothing_is_listed_without_code_or_scenario():
    assert not_drawn("", "@startuml\nclass A\n@enduml", "class") == []
    assert not_drawn(SHOP, "", "class") == []
