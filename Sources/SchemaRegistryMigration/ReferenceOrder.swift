/// `items` with every item that another one names (through `needs`) placed before it, and
/// otherwise in the order given: the order in which subjects can be registered, since a
/// reference must resolve when its referrer is. Names `needs` gives that no item has are
/// ignored; a cycle (which no registry holds, but a file can) keeps the given order.
func referencesFirst<Item>(_ items: [Item], name: (Item) -> String, needs: (Item) -> [String]) -> [Item] {
    let byName = Dictionary(items.map { (name($0), $0) }, uniquingKeysWith: { a, _ in a })
    var order: [Item] = []
    var visited: Set<String> = []
    func visit(_ item: Item) {
        guard visited.insert(name(item)).inserted else { return }
        for needed in needs(item) { if let dependency = byName[needed] { visit(dependency) } }
        order.append(item)
    }
    for item in items { visit(item) }
    return order
}
