"""The projector view (`triops watch`): public information, readable from a distance."""
