"""The facilitator's console (`triops facilitate`)."""
