from hero_tracing import flow


@flow("Empty")
def run(inputs):
    return None
